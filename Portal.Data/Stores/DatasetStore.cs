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

    private static DatasetInfo ToInfo(DatasetEntity e) =>
        new(e.Id, e.Name, e.FileName, e.Rows, e.Sha256, e.CreatedAt, e.CreatedBy, DataJson.Read<DatasetProfile>(e.ProfileJson));
}
