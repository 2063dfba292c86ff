using Microsoft.Extensions.Options;
using Portal.Core.Serving;
using Portal.Core.Predictions;
using Portal.Core.Fleet;
using Portal.Web.Extensions;
using Portal.Web.Fleet;

namespace Portal.Web.Background;

/// <summary>
/// Once a day (and once at start), deletes logged predictions older than
/// <c>Portal:Monitoring:PredictionRetentionDays</c> together with their labels; 0 keeps everything. On a fleet only the
/// replica holding the retention lease deletes; built without <paramref name="leases"/> (a test) it always does.
/// </summary>
public sealed class PredictionRetentionWorker(
    IPredictionStore store, IOptions<PortalOptions> options, TimeProvider time, ILogger<PredictionRetentionWorker> logger, FleetLeases? leases = null)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (leases is null || await leases.HoldsAsync(LeaseNames.Retention, stoppingToken)) await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Prediction retention failed; it runs again in {Interval}", Interval);
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One retention pass; returns how many predictions were deleted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var days = options.Value.Monitoring.PredictionRetentionDays;
        if (days <= 0) return 0;
        var deleted = await store.DeleteOlderThanAsync(time.GetUtcNow().AddDays(-days), ct);
        if (deleted > 0) logger.LogInformation("Deleted {Count} predictions older than {Days} days", deleted, days);
        return deleted;
    }
}
