using Microsoft.Extensions.Options;

namespace Portal.Web.Fleet;

/// <summary>Takes or renews this replica's leases at start and every third of the TTL; releases them on a clean shutdown.</summary>
public sealed class LeaseKeeper(FleetLeases leases, IOptions<FleetOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = options.Value.LeaseTtl / 3;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await leases.RenewAllAsync(stoppingToken);
                await Task.Delay(period, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync releases.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await leases.ReleaseAllAsync(cancellationToken);
    }
}
