using Portal.Core.Privacy;

namespace Portal.Web.Background;

/// <summary>
/// Runs PII scrub jobs off the request path: once start-up is done it resumes a job a restart cut off (from its stored
/// cursor), then waits for the next one to be started. A failed job is logged and recorded as failed; the worker goes on.
/// </summary>
public sealed class PiiScrubWorker(PiiScrubber scrubber, StartupState startup, ILogger<PiiScrubWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await startup.WhenReady.WaitAsync(stoppingToken);
            while (true)
            {
                await RunAsync(stoppingToken);
                await scrubber.WaitForWorkAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping between batches: the job stays running and resumes from its cursor at the next start.
        }
    }

    private async Task RunAsync(CancellationToken ct)
    {
        try
        {
            if (await scrubber.RunPendingAsync(null, ct) is { } job)
                logger.LogInformation("PII scrub #{Job} {Status}: {Scanned} rows scanned, {Redacted} redacted", job.Id, job.Status, job.Scanned, job.RedactedRows);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            logger.LogError(ex, "The PII scrub failed; it is recorded as failed and can be started again");
        }
    }
}
