using Microsoft.EntityFrameworkCore;
using Portal.Core.Audit;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class AuditLogStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time) : IAuditLog
{
    public async Task RecordAsync(string actor, string action, string target, object? details = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntryEntity
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            Target = target,
            DetailsJson = details is null ? null : DataJson.Write(details),
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrEmpty(query.Actor)) q = q.Where(a => a.Actor == query.Actor);
        if (!string.IsNullOrEmpty(query.Action)) q = q.Where(a => a.Action == query.Action);
        if (!string.IsNullOrEmpty(query.Target)) q = q.Where(a => a.Target == query.Target);
        if (query.From is { } from) q = q.Where(a => a.At >= from);
        if (query.To is { } to) q = q.Where(a => a.At <= to);
        var rows = await q.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Math.Clamp(query.Take, 1, 5000)).ToListAsync(ct);
        return rows.Select(a => new AuditEntry(a.Id, a.At, a.Actor, a.Action, a.Target, a.DetailsJson)).ToList();
    }
}
