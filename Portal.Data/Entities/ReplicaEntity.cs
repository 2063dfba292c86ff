namespace Portal.Data.Entities;

/// <summary>
/// One running portal process of a fleet, as it last reported itself: the heartbeat says it is alive, the serving
/// map says which version of each model it answers with, so the fleet page can tell whether the fleet agrees.
/// </summary>
public sealed class ReplicaEntity
{
    /// <summary>Chosen by the process at start (host, process id and a random suffix): unique across restarts.</summary>
    public required string Id { get; set; }

    public required string Host { get; set; }
    public int ProcessId { get; set; }

    /// <summary>The portal's own version (assembly informational version).</summary>
    public required string Version { get; set; }

    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset HeartbeatAt { get; set; }

    /// <summary>What is served per model, as a JSON object <c>{"credit-risk": {"champion": 3, "candidate": 4, "candidateShare": 0.25}}</c>.</summary>
    public required string ServingJson { get; set; }

    /// <summary>Predictions answered since the process started.</summary>
    public long RequestsServed { get; set; }

    /// <summary>Set when the process stopped cleanly; a replica whose heartbeat is stale without it died.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}
