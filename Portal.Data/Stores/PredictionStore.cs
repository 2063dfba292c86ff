using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Serving;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class PredictionStore(IDbContextFactory<PortalDbContext> factory) : IPredictionStore, IDisposable
{
    private PredictionAppender? _appender;

    /// <summary>SQLite's default limit on bound parameters is high, but lookups by id stay well under it.</summary>
    private const int IdChunk = 500;

    /// <summary>Stores a batch in one transaction (see <see cref="PredictionAppender"/>); synchronous work, done when the task is returned.</summary>
    public Task AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default)
    {
        if (records.Count == 0) return Task.CompletedTask;
        LazyInitializer.EnsureInitialized(ref _appender, () =>
        {
            using var db = factory.CreateDbContext();
            return new PredictionAppender(db.Database.GetConnectionString()!);
        });
        _appender.Append(records);
        return Task.CompletedTask;
    }

    public void Dispose() => _appender?.Dispose();

    public async Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Predictions.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<long> CountAsync(string? model = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Predictions.AsNoTracking();
        if (model is not null) query = query.Where(p => p.Model == model);
        return await query.LongCountAsync(ct);
    }

    public async Task<IReadOnlyList<PredictionRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        var found = new List<PredictionRecord>(ids.Count);
        foreach (var chunk in ids.Chunk(IdChunk))
        {
            var entities = await db.Predictions.AsNoTracking().Where(p => chunk.Contains(p.Id)).ToListAsync(ct);
            found.AddRange(entities.Select(ToRecord));
        }

        return found;
    }

    public async Task<PredictionPage> QueryAsync(PredictionQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var filtered = Filter(db, query);
        var total = await filtered.LongCountAsync(ct);
        var rows = await Joined(db, filtered)
            .OrderByDescending(x => x.P.At)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 1000))
            .ToListAsync(ct);
        return new PredictionPage(rows.Select(x => new LabelledPrediction(ToRecord(x.P), x.L is null ? null : LabelStore.ToRecord(x.L))).ToList(), total);
    }

    public async IAsyncEnumerable<LabelledPrediction> StreamAsync(PredictionQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = Joined(db, Filter(db, query)).OrderBy(x => x.P.At).AsAsyncEnumerable().WithCancellation(ct);
        await foreach (var x in rows)
            yield return new LabelledPrediction(ToRecord(x.P), x.L is null ? null : LabelStore.ToRecord(x.L));
    }

    public async Task<IReadOnlyList<PredictionOutcome>> GetOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        DateTimeOffset start = from, end = to;
        var window = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= start && p.At < end);
        return await (
                from p in window
                join l in db.Labels.AsNoTracking() on p.Id equals l.PredictionId into labels
                from l in labels.DefaultIfEmpty()
                select new PredictionOutcome(p.Version, p.At, p.Probability, l == null ? null : l.TrueLabel))
            .ToListAsync(ct);
    }

    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        // ExecuteDelete bypasses EF's cascade, so the labels go first (the database cascade would too, with foreign keys on).
        var old = db.Predictions.Where(p => p.At < cutoff).Select(p => p.Id);
        await db.Labels.Where(l => old.Contains(l.PredictionId)).ExecuteDeleteAsync(ct);
        return await db.Predictions.Where(p => p.At < cutoff).ExecuteDeleteAsync(ct);
    }

    private static IQueryable<PredictionEntity> Filter(PortalDbContext db, PredictionQuery q)
    {
        var query = db.Predictions.AsNoTracking();
        if (!string.IsNullOrEmpty(q.Model)) query = query.Where(p => p.Model == q.Model);
        if (q.Version is { } version) query = query.Where(p => p.Version == version);
        if (q.From is { } from) query = query.Where(p => p.At >= from);
        if (q.To is { } to) query = query.Where(p => p.At < to);
        if (q.Labelled is true) query = query.Where(p => db.Labels.Any(l => l.PredictionId == p.Id));
        if (q.Labelled is false) query = query.Where(p => !db.Labels.Any(l => l.PredictionId == p.Id));
        return query;
    }

    private static IQueryable<Row> Joined(PortalDbContext db, IQueryable<PredictionEntity> predictions) =>
        from p in predictions
        join l in db.Labels.AsNoTracking() on p.Id equals l.PredictionId into labels
        from l in labels.DefaultIfEmpty()
        select new Row { P = p, L = l };

    private static PredictionRecord ToRecord(PredictionEntity e) =>
        new(e.Id, e.Model, e.Version, e.Alias, e.InputsJson, e.Label, e.Probability, e.LatencyMs, e.At);

    private sealed class Row
    {
        public required PredictionEntity P { get; init; }
        public LabelEntity? L { get; init; }
    }

    public async Task<IReadOnlyList<string>> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var query = db.Predictions.AsNoTracking().Where(p => p.Model == model && p.At >= from && p.At <= to);
        if (version is { } v) query = query.Where(p => p.Version == v);
        return await query.OrderByDescending(p => p.At).Take(Math.Max(0, max)).Select(p => p.InputsJson).ToListAsync(ct);
    }
}
