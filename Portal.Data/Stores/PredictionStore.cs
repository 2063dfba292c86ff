using Microsoft.EntityFrameworkCore;
using Portal.Core.Serving;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class PredictionStore(IDbContextFactory<PortalDbContext> factory) : IPredictionStore
{
    public async Task AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Predictions.AddRange(records.Select(r => new PredictionEntity
        {
            Id = r.Id,
            Model = r.Model,
            Version = r.Version,
            Alias = r.Alias,
            InputsJson = r.InputsJson,
            Label = r.Label,
            Probability = r.Probability,
            LatencyMs = r.LatencyMs,
            At = r.At,
        }));
        await db.SaveChangesAsync(ct);
    }

    public async Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Predictions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return e is null ? null : new PredictionRecord(e.Id, e.Model, e.Version, e.Alias, e.InputsJson, e.Label, e.Probability, e.LatencyMs, e.At);
    }

    public async Task<long> CountAsync(string? model = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Predictions.AsNoTracking();
        if (model is not null) query = query.Where(p => p.Model == model);
        return await query.LongCountAsync(ct);
    }

    public async Task<IReadOnlyList<string>> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= from && p.At <= to);
        if (version is { } v) query = query.Where(p => p.Version == v);
        return await query.OrderByDescending(p => p.At).Take(Math.Max(0, max)).Select(p => p.InputsJson).ToListAsync(ct);
    }
}
