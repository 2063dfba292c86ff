namespace Portal.Core.Fleet;

/// <summary>A replica of the fleet status: its heartbeat row and whether that heartbeat is recent enough to count it alive.</summary>
public sealed record FleetReplica(ReplicaRecord Replica, bool Alive, TimeSpan HeartbeatAge);
