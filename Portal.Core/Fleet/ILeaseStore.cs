namespace Portal.Core.Fleet;

/// <summary>Leases shared by every replica through the database; each call is one atomic statement, so two replicas never both hold a lease.</summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes the lease for <paramref name="holder"/> until <paramref name="now"/> + <paramref name="ttl"/> when it is free,
    /// expired or already the holder's (a renewal); returns the lease as stored, or null when another replica holds it.
    /// </summary>
    Task<Lease?> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default);

    /// <summary>Gives the lease up at <paramref name="now"/> so another replica can take it at once; false when the holder did not hold it.</summary>
    Task<bool> ReleaseAsync(string name, string holder, DateTimeOffset now, CancellationToken ct = default);

    Task<IReadOnlyList<Lease>> ListAsync(CancellationToken ct = default);
}
