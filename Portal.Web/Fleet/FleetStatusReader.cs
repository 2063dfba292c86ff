using Microsoft.Extensions.Options;
using Portal.Core.Fleet;
using Portal.Core.Registry;

namespace Portal.Web.Fleet;

/// <summary>Reads the fleet status from the database (heartbeat rows, leases, registry champions); the latest read is kept for the metrics.</summary>
public sealed class FleetStatusReader(IReplicaStore replicas, ILeaseStore leases, IModelRegistry registry, IOptions<FleetOptions> options, TimeProvider time)
{
    private volatile FleetStatus? _latest;

    /// <summary>The status as last read (by the heartbeat or a request), or null before the first read; never touches the database.</summary>
    public FleetStatus? Latest => _latest;

    public async Task<FleetStatus> ReadAsync(CancellationToken ct)
    {
        var rows = await replicas.ListAsync(ct);
        var held = await leases.ListAsync(ct);
        var champions = (await registry.ListModelsAsync(ct)).ToDictionary(m => m.Name, m => m.ChampionVersion, StringComparer.Ordinal);
        var status = FleetStatus.Of(rows, held, champions, time.GetUtcNow(), options.Value.Heartbeat);
        _latest = status;
        return status;
    }
}
