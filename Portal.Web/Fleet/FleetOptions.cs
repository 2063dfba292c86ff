using System.ComponentModel.DataAnnotations;

namespace Portal.Web.Fleet;

/// <summary><c>Portal:Fleet</c>: how often a replica reports itself and how long a lease on background work lasts.</summary>
public sealed class FleetOptions
{
    public const string Section = "Portal:Fleet";

    /// <summary>Seconds between heartbeats; a replica is counted alive while its last one is at most three periods old.</summary>
    [Range(1, 3600)] public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>Seconds a lease lasts without renewal (renewed every third of it): how long work waits when its replica dies.</summary>
    [Range(3, 3600)] public int LeaseSeconds { get; set; } = 15;

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(HeartbeatSeconds);
    public TimeSpan LeaseTtl => TimeSpan.FromSeconds(LeaseSeconds);
}
