namespace Portal.Web.Api.Contracts;

/// <summary>One replica as its last heartbeat described it; alive while that heartbeat is at most three periods old and it did not stop.</summary>
public sealed record FleetReplicaResponse(
    string Id,
    string Host,
    int ProcessId,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset HeartbeatAt,
    double HeartbeatAgeSeconds,
    bool Alive,
    DateTimeOffset? StoppedAt,
    IReadOnlyDictionary<string, ServedVersionsResponse> Serving,
    long RequestsServed);
