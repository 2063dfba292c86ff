using Portal.Core.Fleet;
using Portal.Web.Fleet;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// <c>portal_replica_*</c>: the fleet as this replica saw it at its latest heartbeat (no database read at scrape time),
/// and the leases this replica holds now. A replica whose row was pruned loses its series.
/// </summary>
public sealed class FleetMetrics
{
    private static readonly string[] ReplicaLabel = ["replica"];

    private readonly FleetStatusReader _status;
    private readonly FleetLeases _leases;
    private readonly Gauge _live;
    private readonly Gauge _up;
    private readonly Gauge _age;
    private readonly Gauge _agrees;
    private readonly Gauge _leaseHeld;
    private readonly HashSet<string> _exported = new(StringComparer.Ordinal);
    private readonly Lock _refresh = new();

    public FleetMetrics(PortalMetrics metrics, FleetStatusReader status, FleetLeases leases)
    {
        _status = status;
        _leases = leases;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _live = factory.CreateGauge("portal_replica_live", "Replicas whose heartbeat is at most three periods old, as this replica last read the fleet.");
        _up = factory.CreateGauge("portal_replica_up", "1 while the replica's heartbeat is at most three periods old, 0 once it stopped or its heartbeat went stale.", ReplicaLabel);
        _age = factory.CreateGauge("portal_replica_heartbeat_age_seconds", "Seconds since the replica's last heartbeat, as this replica last read the fleet.", ReplicaLabel);
        _agrees = factory.CreateGauge("portal_replica_agrees", "1 when every live replica serves each model's registry champion, 0 when some model is served otherwise.");
        _leaseHeld = factory.CreateGauge("portal_replica_lease_held", "1 when this replica holds the lease on the background work (drift schedule, retention, ...), else 0.", ["lease"]);
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    public void Refresh()
    {
        lock (_refresh)
        {
            foreach (var name in LeaseNames.All) _leaseHeld.WithLabels(name).Set(_leases.Holds(name) ? 1 : 0);
            if (_status.Latest is not { } fleet) return;

            _live.Set(fleet.Replicas.Count(r => r.Alive));
            _agrees.Set(fleet.Agrees ? 1 : 0);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var r in fleet.Replicas)
            {
                seen.Add(r.Replica.Id);
                _up.WithLabels(r.Replica.Id).Set(r.Alive ? 1 : 0);
                _age.WithLabels(r.Replica.Id).Set(Math.Max(0, r.HeartbeatAge.TotalSeconds));
            }

            foreach (var gone in _exported.Where(id => !seen.Contains(id)).ToList())
            {
                _up.RemoveLabelled(gone);
                _age.RemoveLabelled(gone);
                _exported.Remove(gone);
            }

            _exported.UnionWith(seen);
        }
    }
}
