using Microsoft.Extensions.Options;

namespace Portal.Web.Fleet;

/// <summary>
/// Takes or renews this replica's leases at start and every third of the TTL, and tries again as soon as a lease another
/// replica holds expires (its holder may have died); releases them on a clean shutdown.
/// </summary>
public sealed class LeaseKeeper(FleetLeases leases, IOptions<FleetOptions> options, TimeProvider time, ILogger<LeaseKeeper> logger) : BackgroundService
{
    // Past the expiry, so the store (comparing with its own now) sees the lease expired.
    private static readonly TimeSpan AfterExpiry = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.LeaseTtl / 3;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await leases.RenewAllAsync(stoppingToken);
                await Task.Delay(await NextTryAsync(period, stoppingToken), time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync releases.
        }
    }

    private async Task<TimeSpan> NextTryAsync(TimeSpan period, CancellationToken ct)
    {
        try
        {
            return await leases.UntilOthersExpireAsync(period, ct) is { } expiry ? expiry + AfterExpiry : period;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database away: the next renewal reports it.
            logger.LogDebug(ex, "Could not read the leases' expiry");
            return period;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseAllAsync(cancellationToken);
    }
}
