namespace Portal.Core.Fleet;

/// <summary>
/// The fleet as the database shows it: every replica with its liveness, the leases, the registry's champions, and
/// whether every live replica serves each model's registry champion (<see cref="Disagreeing"/> names those that do not).
/// </summary>
public sealed record FleetStatus(
    IReadOnlyList<FleetReplica> Replicas,
    IReadOnlyList<Lease> Leases,
    IReadOnlyDictionary<string, int?> Champions,
    bool Agrees,
    IReadOnlyList<string> Disagreeing)
{
    /// <summary>A replica missing this many heartbeats in a row is no longer counted alive.</summary>
    public const int MissedHeartbeats = 3;

    public static FleetStatus Of(
        IEnumerable<ReplicaRecord> replicas, IEnumerable<Lease> leases, IReadOnlyDictionary<string, int?> champions, DateTimeOffset now, TimeSpan heartbeat)
    {
        var views = replicas
            .Select(r => new FleetReplica(r, r.StoppedAt is null && now - r.HeartbeatAt <= heartbeat * MissedHeartbeats, now - r.HeartbeatAt))
            .OrderByDescending(r => r.Alive).ThenBy(r => r.Replica.StartedAt).ThenBy(r => r.Replica.Id, StringComparer.Ordinal)
            .ToList();
        var disagreeing = champions
            .Where(c => views.Any(v => v.Alive && !Serves(v.Replica, c.Key, c.Value)))
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        return new FleetStatus(views, leases.OrderBy(l => l.Name, StringComparer.Ordinal).ToList(), champions, disagreeing.Count == 0, disagreeing);
    }

    // A model without a champion agrees when the replica serves none; a replica that has not loaded the model yet disagrees.
    private static bool Serves(ReplicaRecord replica, string model, int? champion) =>
        replica.Serving.TryGetValue(model, out var served) ? served.Champion == champion : champion is null;
}
