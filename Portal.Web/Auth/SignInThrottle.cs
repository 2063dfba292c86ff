using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using Portal.Web.RateLimits;

namespace Portal.Web.Auth;

/// <summary>
/// Lockout per (account, client address), in memory: after Lockout:Failures wrong passwords in a row from one
/// address, that account is locked for that address only, FirstLockSeconds at first and doubling with each
/// further lock up to MaxLockSeconds. A stranger guessing from one address cannot lock the owner out from
/// another; a success from the address clears its record. Records are forgotten after a quiet period.
/// </summary>
public sealed class SignInThrottle(IOptions<RateLimitOptions> options, TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<(string Account, string Address), Record> _records = new();

    private sealed class Record
    {
        public int Failures;
        public int Locks;
        public DateTimeOffset LockedUntil;
        public DateTimeOffset LastFailure;
    }

    /// <summary>How long this account stays locked for this address, or null when it may try.</summary>
    public TimeSpan? LockedFor(string account, IPAddress? address)
    {
        if (!_records.TryGetValue(Key(account, address), out var record)) return null;
        lock (record)
        {
            var left = record.LockedUntil - time.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Counts a wrong password; returns the lock it starts, if this failure reaches the limit.</summary>
    public TimeSpan? Failed(string account, IPAddress? address)
    {
        var policy = options.Value.Lockout;
        var now = time.GetUtcNow();
        if (_records.Count > PruneAbove) Prune(now, TimeSpan.FromSeconds(policy.MaxLockSeconds * 2));
        var record = _records.GetOrAdd(Key(account, address), _ => new Record());
        lock (record)
        {
            record.LastFailure = now;
            if (++record.Failures < policy.Failures) return null;
            record.Failures = 0;
            var seconds = Math.Min(policy.MaxLockSeconds, policy.FirstLockSeconds * Math.Pow(2, Math.Min(record.Locks, 30)));
            record.Locks++;
            var lockFor = TimeSpan.FromSeconds(seconds);
            record.LockedUntil = now + lockFor;
            return lockFor;
        }
    }

    public void Succeeded(string account, IPAddress? address) => _records.TryRemove(Key(account, address), out _);

    private void Prune(DateTimeOffset now, TimeSpan quiet)
    {
        foreach (var (key, record) in _records)
            if (record.LockedUntil < now && now - record.LastFailure > quiet) _records.TryRemove(key, out _);
    }

    private static (string, string) Key(string account, IPAddress? address) =>
        (account.Trim().ToUpperInvariant(), (address ?? IPAddress.None).ToString());
}
