using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Core.Fleet;

namespace Portal.Web.Fleet;

/// <summary>
/// This replica's hold on the fleet's leases (<see cref="LeaseNames"/>). <see cref="LeaseKeeper"/> takes or renews every
/// lease each third of the TTL; a worker asks <see cref="HoldsAsync"/> before a pass and skips it when another replica
/// holds the lease. On SQLite the one process is the only candidate, so it always holds them (the same code runs).
/// </summary>
public sealed class FleetLeases(ILeaseStore store, ReplicaIdentity replica, IOptions<FleetOptions> options, TimeProvider time, ILogger<FleetLeases> logger)
{
    // Until when this replica believes it holds each lease: its own renewal time plus the TTL, never the database's clock.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _heldUntil = new(StringComparer.Ordinal);

    /// <summary>Whether this replica holds the lease now (its last renewal has not expired).</summary>
    public bool Holds(string name) => _heldUntil.TryGetValue(name, out var until) && until > time.GetUtcNow();

    /// <summary>
    /// True when this replica holds the lease, renewing it first unless the last renewal is recent: a pass the keeper's
    /// timer has not caught up with (a moved clock, a long pause) asks the database rather than skipping.
    /// </summary>
    public async Task<bool> HoldsAsync(string name, CancellationToken ct)
    {
        if (_heldUntil.TryGetValue(name, out var until) && until - time.GetUtcNow() > options.Value.LeaseTtl * 2 / 3) return true;
        try
        {
            return await TryAcquireAsync(name, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database away: go on while the last renewal lasts, as the other replicas wait that long too.
            logger.LogWarning(ex, "The {Lease} lease could not be renewed", name);
            return Holds(name);
        }
    }

    /// <summary>Takes or renews every lease; a failure (the database away) is logged and leaves the leases to expire.</summary>
    public async Task RenewAllAsync(CancellationToken ct)
    {
        foreach (var name in LeaseNames.All)
        {
            try
            {
                await TryAcquireAsync(name, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The {Lease} lease could not be renewed; this replica stops its work when the lease expires", name);
            }
        }
    }

    /// <summary>
    /// How long until the first lease another replica holds expires (null when this replica holds them all, or none
    /// expires within <paramref name="within"/>): the keeper tries again then, so a dead holder's work moves within the TTL
    /// of its last renewal rather than up to a renewal period later.
    /// </summary>
    public async Task<TimeSpan?> UntilOthersExpireAsync(TimeSpan within, CancellationToken ct)
    {
        if (LeaseNames.All.All(Holds)) return null;
        var now = time.GetUtcNow();
        var first = (await store.ListAsync(ct))
            .Where(l => l.Holder != replica.Id && l.ExpiresAt > now && l.ExpiresAt - now < within)
            .Select(l => l.ExpiresAt - now).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        return first == TimeSpan.MaxValue ? null : first;
    }

    /// <summary>Gives up every held lease on a clean shutdown, so another replica takes the work at once.</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        foreach (var name in _heldUntil.Keys)
        {
            _heldUntil.TryRemove(name, out _);
            try
            {
                await store.ReleaseAsync(name, replica.Id, time.GetUtcNow(), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The {Lease} lease could not be released; another replica takes it when it expires", name);
            }
        }
    }

    private async Task<bool> TryAcquireAsync(string name, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var lease = await store.TryAcquireAsync(name, replica.Id, now, options.Value.LeaseTtl, ct);
        var held = _heldUntil.ContainsKey(name);
        if (lease is null)
        {
            if (_heldUntil.TryRemove(name, out _)) logger.LogWarning("This replica lost the {Lease} lease to another", name);
            return false;
        }

        _heldUntil[name] = now + options.Value.LeaseTtl;
        if (!held) logger.LogInformation("This replica ({Replica}) holds the {Lease} lease (token {Token})", replica.Id, name, lease.Token);
        return true;
    }
}
