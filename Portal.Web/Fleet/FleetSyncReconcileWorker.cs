using Microsoft.Extensions.Options;

namespace Portal.Web.Fleet;

/// <summary>
/// The fallback for a missed announcement: every <c>Portal:Fleet:ReconcileSeconds</c> this replica compares what it
/// serves with the registry and reloads what differs, and re-reads the access of the users it holds in memory.
/// </summary>
public sealed class FleetSyncReconcileWorker(FleetSyncApplier applier, IOptions<FleetSyncOptions> options, TimeProvider time, ILogger<FleetSyncReconcileWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ReconcileSeconds)), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await applier.ReconcileAllAsync("reconcile pass", stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The database may be down: serving goes on from memory and the next pass tries again.
                    logger.LogWarning("Fleet: the reconcile pass failed ({Reason}); trying again in {Seconds} s", ex.Message, options.Value.ReconcileSeconds);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
