using Microsoft.EntityFrameworkCore;
using Portal.Core.Fleet;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

/// <summary>Heartbeat rows: each replica writes only its own, so a read-then-write needs no lock.</summary>
internal sealed class ReplicaStore(IDbContextFactory<PortalDbContext> factory) : IReplicaStore
{
    public async Task SaveAsync(ReplicaRecord replica, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Replicas.SingleOrDefaultAsync(r => r.Id == replica.Id, ct);
        if (entity is null)
        {
            entity = new ReplicaEntity { Id = replica.Id, Host = replica.Host, Version = replica.Version, ServingJson = "{}" };
            db.Replicas.Add(entity);
        }

        entity.Host = replica.Host;
        entity.ProcessId = replica.ProcessId;
        entity.Version = replica.Version;
        entity.StartedAt = replica.StartedAt;
        entity.HeartbeatAt = replica.HeartbeatAt;
        entity.ServingJson = DataJson.Write(replica.Serving);
        entity.RequestsServed = replica.RequestsServed;
        entity.StoppedAt = replica.StoppedAt;
        await db.SaveChangesAsync(ct);
    }

    public async Task MarkStoppedAsync(string id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Replicas.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.StoppedAt, at), ct);
    }

    public async Task<IReadOnlyList<ReplicaRecord>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.Replicas.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Replicas.Where(r => r.HeartbeatAt < before).ExecuteDeleteAsync(ct);
    }

    private static ReplicaRecord ToRecord(ReplicaEntity e) => new(
        e.Id, e.Host, e.ProcessId, e.Version, e.StartedAt, e.HeartbeatAt,
        DataJson.Read<Dictionary<string, ServedVersions>>(e.ServingJson), e.RequestsServed, e.StoppedAt);
}
