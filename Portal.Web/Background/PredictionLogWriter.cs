using Portal.Core.Predictions;

namespace Portal.Web.Background;

/// <summary>
/// Drains the prediction log into the database in batches, and finishes the queue on shutdown. Personal data is
/// redacted here, off the predict path, before anything is stored.
/// </summary>
/// <remarks>
/// The writer has a thread of its own: a batch is milliseconds of synchronous SQLite work, and on a pool thread it
/// held one of the requests' threads (measured at full load on one core: about 1 µs, 2.5%, more CPU per request
/// than with this thread; bench/results/logging.md). Waiting on the store's task here blocks only this thread.
/// </remarks>
public sealed class PredictionLogWriter(PredictionLog log, IPredictionStore store, ILogger<PredictionLogWriter> logger, PiiRedactor? redactor = null) : BackgroundService
{
    private const int MaxBatch = 1000;

    /// <summary>
    /// How long a wake-up waits for more records before writing: one transaction per batch of many costs far less CPU
    /// than one per handful, and that CPU is the predict path's. Records are visible in the log this much later.
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Run(stoppingToken);
                finished.SetResult();
            }
            catch (Exception ex)
            {
                finished.SetException(ex);
            }
        })
        { IsBackground = true, Name = "prediction-log" };
        thread.Start();
        return finished.Task;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // A stop that comes before the host ran ExecuteAsync (it starts it on the pool) cancels it unrun: store what
        // is queued here, once no writer thread can still be reading.
        if (ExecuteTask is null or { IsCompleted: true }) Drain(new List<PredictionRecord>(MaxBatch));
    }

    private void Run(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionRecord>(MaxBatch);
        try
        {
            while (log.WaitToRead(stoppingToken))
            {
                if (log.Pending < MaxBatch && stoppingToken.WaitHandle.WaitOne(Gather)) break;
                Drain(batch);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Stopping (or the log was completed): store what is already queued before the process ends.
        Drain(batch);
    }

    private void Drain(List<PredictionRecord> batch)
    {
        while (true)
        {
            batch.Clear();
            if (log.ReadBatch(batch, MaxBatch) == 0) return;
            if (redactor is not null)
                for (var i = 0; i < batch.Count; i++) batch[i] = redactor.Redact(batch[i]);
            try
            {
                var skipped = batch.Count - store.AddBatchAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                if (skipped > 0)
                {
                    log.CountLost(skipped);
                    logger.LogWarning("{Count} prediction records were not stored: their keys were taken (was the clock set back?); they are counted in prediction_log_dropped_total", skipped);
                }
            }
            catch (Exception ex)
            {
                log.CountLost(batch.Count);
                logger.LogError(ex, "Could not store {Count} prediction records; they are lost and counted in prediction_log_dropped_total", batch.Count);
            }
        }
    }
}
