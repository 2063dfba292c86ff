using Microsoft.EntityFrameworkCore;
using Portal.Core.Auth;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class ApiKeyStore(IDbContextFactory<PortalDbContext> factory) : IApiKeyStore
{
    public async Task<ApiKeyInfo> AddAsync(string name, string role, string hash, string prefix, Actor createdBy, DateTimeOffset createdAt, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = new ApiKeyEntity { Name = name, Role = role, Hash = hash, Prefix = prefix, CreatedBy = createdBy.Name, Owner = createdBy.Person, CreatedAt = createdAt };
        db.ApiKeys.Add(entity);
        await db.SaveChangesAsync(ct);
        return ToInfo(entity);
    }

    public async Task<ApiKeyInfo?> FindActiveByHashAsync(string hash, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entity = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hash && k.RevokedAt == null, ct);
        return entity is null ? null : ToInfo(entity);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var entities = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.Id).ToListAsync(ct);
        return entities.Select(ToInfo).ToList();
    }

    public async Task<bool> RevokeAsync(int id, DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var updated = await db.ApiKeys.Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, at), ct);
        return updated == 1;
    }

    private static ApiKeyInfo ToInfo(ApiKeyEntity e) => new(e.Id, e.Name, e.Role, e.Prefix, e.CreatedAt, e.CreatedBy, e.RevokedAt, e.Owner);
}
