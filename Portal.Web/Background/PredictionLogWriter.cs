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

    /// <summary>The last drain's token: one attempt per batch, no waiting for the database.</summary>
    private static readonly CancellationToken Stopped = new(canceled: true);

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
        if (ExecuteTask is null or { IsCompleted: true }) Drain(new List<PredictionRecord>(MaxBatch), Stopped);
    }

    private void Run(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionRecord>(MaxBatch);
        try
        {
            while (log.WaitToRead(stoppingToken))
            {
                if (log.Pending < MaxBatch && stoppingToken.WaitHandle.WaitOne(Gather)) break;
                Drain(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }

        // Stopping (or the log was completed): store what is already queued before the process ends, without waiting
        // for a database that is away (those records are counted lost).
        Drain(batch, Stopped);
    }

    private void Drain(List<PredictionRecord> batch, CancellationToken stoppingToken = default)
    {
        while (true)
        {
            batch.Clear();
            if (log.ReadBatch(batch, MaxBatch) == 0) return;
            if (redactor is not null)
                for (var i = 0; i < batch.Count; i++) batch[i] = redactor.Redact(batch[i]);
            Store(batch, stoppingToken);
        }
    }

    /// <summary>
    /// Stores one batch. While the database cannot be reached the batch is held and tried again (its records are not
    /// lost), and new records wait in the log's queue, which sheds and counts once full; the writer resumes by itself
    /// when the database answers. A batch the database refuses for another reason is counted lost at once.
    /// </summary>
    private void Store(List<PredictionRecord> batch, CancellationToken stoppingToken)
    {
        var wait = TimeSpan.FromMilliseconds(100);
        var unreachableSince = 0;
        while (true)
        {
            try
            {
                var skipped = batch.Count - store.AddBatchAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                if (skipped > 0)
                {
                    log.CountLost(skipped);
                    logger.LogWarning("{Count} prediction records were not stored: their keys were taken (was the clock set back?); they are counted in prediction_log_dropped_total", skipped);
                }

                if (unreachableSince > 0) logger.LogInformation("The database answers again: the prediction log is being stored ({Pending} queued)", log.Pending);
                return;
            }
            catch (Exception ex) when (DatabaseFaults.IsUnreachable(ex) && !stoppingToken.IsCancellationRequested)
            {
                // Warned once per outage, not once per attempt: the queue's fill and drops are in /metrics meanwhile.
                if (unreachableSince++ == 0)
                    logger.LogWarning("The database cannot be reached ({Reason}): prediction records queue (up to {Capacity}) and are shed beyond that, counted in prediction_log_dropped_total",
                        DatabaseFaults.Reason(ex), log.Capacity);
                if (stoppingToken.WaitHandle.WaitOne(wait)) continue; // stopping: one more attempt, then the batch is counted lost
                wait = TimeSpan.FromMilliseconds(Math.Min(2000, wait.TotalMilliseconds * 2));
            }
            catch (Exception ex)
            {
                log.CountLost(batch.Count);
                logger.LogError(ex, "Could not store {Count} prediction records; they are lost and counted in prediction_log_dropped_total", batch.Count);
                return;
            }
        }
    }
}
