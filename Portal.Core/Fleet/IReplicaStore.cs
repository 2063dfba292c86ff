namespace Portal.Core.Fleet;

/// <summary>The replicas' heartbeat rows.</summary>
public interface IReplicaStore
{
    /// <summary>Writes the replica's row (inserted on its first heartbeat, replaced afterwards).</summary>
    Task SaveAsync(ReplicaRecord replica, CancellationToken ct = default);

    /// <summary>Records a clean shutdown, so the replica shows as stopped rather than dead.</summary>
    Task MarkStoppedAsync(string id, DateTimeOffset at, CancellationToken ct = default);

    Task<IReadOnlyList<ReplicaRecord>> ListAsync(CancellationToken ct = default);

    /// <summary>Deletes the rows whose last heartbeat is older than <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default);
}
