namespace Portal.Core.Fleet;

/// <summary>One portal process of the fleet as its last heartbeat described it.</summary>
public sealed record ReplicaRecord(
    string Id,
    string Host,
    int ProcessId,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    IReadOnlyDictionary<string, ServedVersions> Serving,
    long RequestsServed,
    DateTimeOffset? StoppedAt = null);
