using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Portal.Core.Fleet;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>
/// Leases as single statements: a conditional UPDATE takes or renews a lease that is the holder's or has expired, and
/// an INSERT ... ON CONFLICT DO NOTHING creates one that is absent; both providers run the same SQL.
/// </summary>
internal sealed class LeaseStore(IDbContextFactory<PortalDbContext> factory) : ILeaseStore
{
    // The context stores DateTimeOffset as this integer (PortalDbContext.ConfigureConventions); raw SQL binds it the same way.
    private static readonly ValueConverter<DateTimeOffset, long> Stored = new DateTimeOffsetToBinaryConverter();

    public async Task<Lease?> TryAcquireAsync(string name, string holder, DateTimeOffset now, TimeSpan ttl, CancellationToken ct = default)
    {
        var expires = now + ttl;
        await using var db = await factory.CreateDbContextAsync(ct);
        var updated = await db.Leases.Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(l => l.AcquiredAt, l => l.Holder == holder ? l.AcquiredAt : now)
                .SetProperty(l => l.Token, l => l.Holder == holder ? l.Token : l.Token + 1)
                .SetProperty(l => l.Holder, holder)
                .SetProperty(l => l.ExpiresAt, expires), ct);
        if (updated == 0)
        {
            var inserted = await db.Database.ExecuteSqlAsync(
                $"""INSERT INTO "Leases" ("Name", "Holder", "AcquiredAt", "ExpiresAt", "Token") VALUES ({name}, {holder}, {Stored.ConvertToProvider(now)}, {Stored.ConvertToProvider(expires)}, 1) ON CONFLICT ("Name") DO NOTHING""", ct);
            if (inserted == 0) return null;
        }

        var lease = await db.Leases.AsNoTracking().SingleAsync(l => l.Name == name, ct);
        // Another replica may have taken it between the statements only after it expired again; then it is not ours.
        return lease.Holder == holder ? ToLease(lease) : null;
    }

    public async Task<bool> ReleaseAsync(string name, string holder, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Leases.Where(l => l.Name == name && l.Holder == holder && l.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ExpiresAt, now), ct) == 1;
    }

    public async Task<IReadOnlyList<Lease>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var leases = await db.Leases.AsNoTracking().OrderBy(l => l.Name).ToListAsync(ct);
        return leases.Select(ToLease).ToList();
    }

    private static Lease ToLease(LeaseEntity e) => new(e.Name, e.Holder, e.AcquiredAt, e.ExpiresAt, e.Token);
}
