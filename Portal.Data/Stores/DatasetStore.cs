using Microsoft.EntityFrameworkCore;
using Portal.Core.Datasets;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class DatasetStore(IDbContextFactory<PortalDbContext> factory, TimeProvider time) : IDatasetStore
{
    public async Task<DatasetInfo> AddAsync(string name, string fileName, int rows, string sha256, string createdBy, DatasetProfile profile, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = new DatasetEntity
        {
            Name = name,
            FileName = fileName,
            Rows = rows,
            Sha256 = sha256,
            CreatedAt = time.GetUtcNow(),
            CreatedBy = createdBy,
            ProfileJson = DataJson.Write(profile),
        };
        db.Datasets.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToInfo(entity);
    }

    public async Task<DatasetInfo?> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        return entity is null ? null : ToInfo(entity);
    }

    public async Task<IReadOnlyList<DatasetInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entities = await db.Datasets.AsNoTracking().OrderByDescending(d => d.Id).ToListAsync(ct);
        return entities.Select(ToInfo).ToList();
    }

    public async Task<DatasetInfo?> FindBySha256Async(string sha256, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Datasets.AsNoTracking().Where(d => d.Sha256 == sha256).OrderBy(d => d.Id).FirstOrDefaultAsync(ct);
        return entity is null ? null : ToInfo(entity);
    }

    public async Task<DatasetInfo?> RenameAsync(int id, string name, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (entity is null) return null;
        entity.Name = name;
        await db.SaveChangesAsync(ct);
        return ToInfo(entity);
    }

    public async Task<IReadOnlyList<DatasetUse>> UsesAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await UsesAsync(db, id, ct);
    }

    public async Task<DatasetDeletion> DeleteIfUnusedAsync(int id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // One transaction: a version registered between the check and the delete would otherwise lose its dataset.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var entity = await db.Datasets.FirstOrDefaultAsync(d => d.Id == id, ct);
        if (entity is null) return new DatasetDeletion(null, []);
        var info = ToInfo(entity);
        var uses = await UsesAsync(db, id, ct);
        if (uses.Count > 0) return new DatasetDeletion(info, uses);
        db.Datasets.Remove(entity);
        await db.SaveChangesAsync(ct);
        var fileStillUsed = await db.Datasets.AnyAsync(d => d.Sha256 == entity.Sha256, ct);
        await transaction.CommitAsync(ct);
        return new DatasetDeletion(info, [], fileStillUsed);
    }

    private static async Task<IReadOnlyList<DatasetUse>> UsesAsync(PortalDbContext db, int id, CancellationToken ct) =>
        (await db.ModelVersions.AsNoTracking()
            .Where(v => v.DatasetId == id)
            .OrderBy(v => v.Model!.Name).ThenBy(v => v.Version)
            .Select(v => new { Model = v.Model!.Name, v.Version, v.Label, v.PositiveClass })
            .ToListAsync(ct))
        .Select(v => new DatasetUse(v.Model, v.Version, v.Label, v.PositiveClass))
        .ToList();

    private static DatasetInfo ToInfo(DatasetEntity e) =>
        new(e.Id, e.Name, e.FileName, e.Rows, e.Sha256, e.CreatedAt, e.CreatedBy, DataJson.Read<DatasetProfile>(e.ProfileJson));
}
