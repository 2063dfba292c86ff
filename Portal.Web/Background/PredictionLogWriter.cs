using Portal.Core.Serving;

namespace Portal.Web.Background;

/// <summary>
/// Drains the prediction log into the database in batches, and finishes the queue on shutdown. Personal data is
/// redacted here, off the predict path, before anything is stored.
/// </summary>
public sealed class PredictionLogWriter(PredictionLog log, IPredictionStore store, ILogger<PredictionLogWriter> logger, PiiRedactor? redactor = null) : BackgroundService
{
    private const int MaxBatch = 1000;

    /// <summary>
    /// How long a wake-up waits for more records before writing: one transaction per batch of many costs far less CPU
    /// than one per handful, and that CPU is the predict path's. Records are visible in the log this much later.
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PredictionRecord>(MaxBatch);
        try
        {
            while (await log.Reader.WaitToReadAsync(stoppingToken))
            {
                if (log.Pending < MaxBatch) await Task.Delay(Gather, stoppingToken);
                await DrainAsync(batch, CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: store what is already queued before the process ends.
            await DrainAsync(batch, CancellationToken.None);
        }
    }

    private async Task DrainAsync(List<PredictionRecord> batch, CancellationToken ct)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && log.Reader.TryRead(out var record)) batch.Add(redactor is null ? record : redactor.Redact(record));
            if (batch.Count == 0) return;
            try
            {
                await store.AddBatchAsync(batch, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not store {Count} prediction records", batch.Count);
            }
        }
    }
}
