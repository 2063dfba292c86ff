using Microsoft.Extensions.Options;
using Portal.Core.Fleet;
using Portal.Core.Privacy;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// Runs PII scrub jobs off the request path: once start-up is done it resumes a job a restart cut off (from its stored
/// cursor), then waits for the next one to be started. Only the replica holding the scrub lease runs a job; since a job
/// may be started through another replica, it also looks for one every third of the lease TTL. A failed job is logged and recorded as failed; the worker goes on.
/// </summary>
public sealed class PiiScrubWorker(PiiScrubber scrubber, StartupState startup, FleetLeases leases, IOptions<FleetOptions> fleet, ILogger<PiiScrubWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await startup.WhenReady.WaitAsync(stoppingToken);
            while (true)
            {
                if (await leases.HoldsAsync(LeaseNames.PiiScrub, stoppingToken)) await RunAsync(stoppingToken);
                await WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping between batches: the job stays running and resumes from its cursor at the next start.
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        wait.CancelAfter(fleet.Value.LeaseTtl / 3);
        try
        {
            await scrubber.WaitForWorkAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The poll: a job started through another replica is found by the next look.
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
