using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Data.Entities;

namespace Portal.Data.Stores;

internal sealed class PredictionStore(IDbContextFactory<PortalDbContext> factory) : IPredictionStore, IDisposable
{
    private IPredictionAppender? _appender;

    /// <summary>Ids per query when reading by key: SQLite's default limit on bound parameters is high, but this stays well under it.</summary>
    private const int IdChunk = 500;

    /// <summary>
    /// A prediction by id: a seek to its millisecond's keys and a look at the few rows there (ids are not indexed).
    /// Rows logged before keys came from ids have keys of the same millisecond, so this finds them too.
    /// </summary>
    private static readonly Func<PortalDbContext, long, long, Guid, Task<PredictionEntity?>> ById = CompileById();

    /// <summary><see cref="ById"/> for PostgreSQL: a compiled query runs on the one model it was compiled with.</summary>
    private static readonly Func<PortalDbContext, long, long, Guid, Task<PredictionEntity?>> ByIdOnPostgres = CompileById();

    private static Func<PortalDbContext, long, long, Guid, Task<PredictionEntity?>> CompileById() => EF.CompileAsyncQuery(
        (PortalDbContext db, long first, long end, Guid id) => db.Predictions.AsNoTracking().FirstOrDefault(p => p.Key >= first && p.Key < end && p.Id == id));

    /// <summary>Stores a batch in one transaction (see <see cref="PredictionAppender"/>); synchronous work, done when the task is returned.</summary>
    public Task<int> AddBatchAsync(IReadOnlyList<PredictionRecord> records, CancellationToken ct = default)
    {
        if (records.Count == 0) return Task.FromResult(0);
        LazyInitializer.EnsureInitialized<IPredictionAppender>(ref _appender, () =>
        {
            using var db = factory.CreateDbContext();
            var connectionString = db.Database.GetConnectionString()!;
            return db.Database.IsNpgsql() ? new PostgresPredictionAppender(connectionString) : new PredictionAppender(connectionString);
        });
        return Task.FromResult(_appender.Append(records));
    }

    public void Dispose() => _appender?.Dispose();

    public async Task<PredictionRecord?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await FindAsync(db, id);
        return e is null ? null : ToRecord(e);
    }

    /// <summary>The prediction with <paramref name="id"/>, when logged.</summary>
    private static Task<PredictionEntity?> FindAsync(PortalDbContext db, Guid id)
    {
        var (first, end) = PredictionIds.KeysOfMillisecondOf(id);
        return (db.Database.IsNpgsql() ? ByIdOnPostgres : ById)(db, first, end, id);
    }

    /// <summary>
    /// The logged predictions among <paramref name="ids"/>, by id. An id from <see cref="PredictionIds"/> gives its row's
    /// key, so most are read by key, many per query; the rest (rows keyed when the log was migrated, unknown ids) are
    /// looked for in their millisecond one by one.
    /// </summary>
    internal static async Task<Dictionary<Guid, PredictionEntity>> FindManyAsync(PortalDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        var found = new Dictionary<Guid, PredictionEntity>(wanted.Count);
        foreach (var chunk in wanted.Chunk(IdChunk))
        {
            var keys = chunk.Select(PredictionIds.KeyOf).ToList();
            foreach (var e in await db.Predictions.AsNoTracking().Where(p => keys.Contains(p.Key)).ToListAsync(ct))
                if (wanted.Contains(e.Id)) found[e.Id] = e;
        }

        foreach (var id in wanted)
        {
            if (found.ContainsKey(id)) continue;
            ct.ThrowIfCancellationRequested();
            if (await FindAsync(db, id) is { } e) found[id] = e;
        }

        return found;
    }

    /// <summary>From the hourly counters the writer maintains (<see cref="PredictionCounts"/>), not a scan of the log.</summary>
    public async Task<long> CountAsync(string? model = null, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counts = db.PredictionCounts.AsNoTracking();
        if (model is not null) counts = counts.Where(c => c.Model == model);
        return await counts.SumAsync(c => (long?)c.Count, ct) ?? 0;
    }

    public async Task<IReadOnlyList<PredictionRecord>> GetManyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        if (ids.Count == 0) return [];
        await using var db = await factory.CreateDbContextAsync(ct);
        return (await FindManyAsync(db, ids, ct)).Values.Select(ToRecord).ToList();
    }

    public async Task<PredictionPage> QueryAsync(PredictionQuery query, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var filtered = Filter(db, query);
        var total = await CountServedAsync(db, query, ct);
        var rows = await Joined(db, filtered)
            .OrderByDescending(x => x.P.Key)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, 1000))
            .ToListAsync(ct);
        return new PredictionPage(rows.Select(x => new LabelledPrediction(ToRecord(x.P), x.L is null ? null : LabelStore.ToRecord(x.L))).ToList(), total);
    }

    /// <summary>Rows per query of <see cref="StreamAsync"/>.</summary>
    private const int StreamChunk = 5_000;

    /// <summary>
    /// Reads in chunks of <see cref="StreamChunk"/> keys, each a short query of its own with a LIMIT: PostgreSQL then
    /// walks the key's index instead of sorting the whole match first (2 s before the first row at 1M rows), and neither
    /// database holds one read open for the whole export (on SQLite that keeps checkpoints from finishing). Rows
    /// logged after the export began are left out, as they were when it was one query.
    /// </summary>
    public async IAsyncEnumerable<LabelledPrediction> StreamAsync(PredictionQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        long? last;
        await using (var db = await factory.CreateDbContextAsync(ct))
            last = await db.Predictions.AsNoTracking().MaxAsync(p => (long?)p.Key, ct);
        if (last is not { } end) yield break;
        for (var after = -1L; ;)
        {
            List<Row> rows;
            await using (var db = await factory.CreateDbContextAsync(ct))
            {
                var from = after;
                rows = await Joined(db, Filter(db, query).Where(p => p.Key > from && p.Key <= end)).OrderBy(x => x.P.Key).Take(StreamChunk).ToListAsync(ct);
            }

            foreach (var x in rows)
                yield return new LabelledPrediction(ToRecord(x.P), x.L is null ? null : LabelStore.ToRecord(x.L));
            if (rows.Count < StreamChunk) yield break;
            after = rows[^1].P.Key;
        }
    }

    public async Task<IReadOnlyList<PredictionOutcome>> GetOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var window = Window(Served(db.Predictions.AsNoTracking()), from, to).Where(p => p.Model == model);
        return await (
                from p in window
                join l in db.Labels.AsNoTracking() on p.Key equals l.PredictionKey into labels
                from l in labels.DefaultIfEmpty()
                orderby p.Key
                select new PredictionOutcome(p.Version, p.At, p.Probability, l == null ? null : l.TrueLabel))
            .ToListAsync(ct);
    }

    /// <remarks>
    /// A day of a busy model is millions of rows (2M of 3.3M in its key range at 100M rows: 1.9 s read on one thread), so
    /// the key range is read in two halves on two connections at once and joined in key order: the same rows in the
    /// same order, in about half the time on two cores.
    /// </remarks>
    public async Task<ServedScores> GetScoresAsync(string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var first = PredictionIds.FirstKeyAt(from.ToUniversalTime());
        var end = PredictionIds.EndKeyAt(to.ToUniversalTime());
        if (end <= first) return ServedScores.Empty;
        var middle = first + (end - first) / 2;
        var parts = await Task.WhenAll(Part(first, middle), Part(middle, end));
        return ServedScores.Concat(parts[0], parts[1]);

        // Each half on a thread of its own: SQLite's reads complete synchronously, so awaiting them would not overlap.
        Task<ServedScores> Part(long firstKey, long endKey) => Task.Run(async () =>
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            return await PredictionColumnReads.ScoresAsync(db, model, ShadowArm, from, to, firstKey, endKey, ct);
        }, ct);
    }

    /// <summary>
    /// The labelled outcomes from the labels' copies of their predictions' fields (a key range of the labels, which are
    /// a fraction of the predictions and carry no inputs), and the served counts from the hourly counters, plus a
    /// grouped count of the (at most two) partial hours at the window's ends. No unlabelled prediction is read.
    /// </summary>
    public async Task<RealizedOutcomes> GetRealizedOutcomesAsync(string model, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, CancellationToken ct = default)
    {
        if (bucket <= TimeSpan.Zero || bucket.Ticks % TimeSpan.TicksPerHour != 0)
            throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "A bucket of whole hours: the counters are hourly.");
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        if (from >= to) return new RealizedOutcomes([], []);
        await using var db = await factory.CreateDbContextAsync(ct);
        var labelled = await PredictionColumnReads.LabelledAsync(db, model, from, to, ct);

        var served = new Dictionary<(int Version, DateTimeOffset Bucket), long>();
        void Add(int version, long hour, long n)
        {
            var key = (version, RealizedPerformance.BucketStart(HourStart(hour), bucket));
            served[key] = served.GetValueOrDefault(key) + n;
        }

        var firstHour = CeilingHour(from);
        var endHour = PredictionCounts.HourOf(PredictionIds.FirstKeyAt(to));
        if (firstHour >= endHour)
        {
            foreach (var c in await CountByHourAsync(db, model, from, to, ct)) Add(c.Version, c.Hour, c.Count);
        }
        else
        {
            var counters = await db.PredictionCounts.AsNoTracking()
                .Where(c => c.Model == model && c.Hour >= firstHour && c.Hour < endHour && c.Count > 0)
                .Select(c => new { c.Version, c.Hour, c.Count })
                .ToListAsync(ct);
            foreach (var c in counters) Add(c.Version, c.Hour, c.Count);
            foreach (var c in await CountByHourAsync(db, model, from, HourStart(firstHour), ct)) Add(c.Version, c.Hour, c.Count);
            foreach (var c in await CountByHourAsync(db, model, HourStart(endHour), to, ct)) Add(c.Version, c.Hour, c.Count);
        }

        return new RealizedOutcomes(labelled, served.Select(s => new ServedCount(s.Key.Version, s.Key.Bucket, s.Value)).ToList());
    }

    /// <summary>Served predictions of a model in [from, to) per version and hour of the key: a key range, for a window's partial hours.</summary>
    private static async Task<List<(int Version, long Hour, long Count)>> CountByHourAsync(
        PortalDbContext db, string model, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        if (from >= to) return [];
        var rows = await Window(Served(db.Predictions.AsNoTracking()), from, to).Where(p => p.Model == model)
            .GroupBy(p => new { p.Version, Hour = p.Key / PredictionCounts.KeysPerHour })
            .Select(g => new { g.Key.Version, g.Key.Hour, Count = g.LongCount() })
            .ToListAsync(ct);
        return rows.Select(r => (r.Version, r.Hour, r.Count)).ToList();
    }

    /// <summary>Rows deleted per transaction by retention: the writer waits at most one such batch (bench/results/log-scale.md).</summary>
    internal const int RetentionBatch = 10_000;

    /// <summary>
    /// Deletes in batches of <see cref="RetentionBatch"/> oldest rows, each with its labels and its counters' decrement in
    /// one transaction, so a pass over months of log never holds the write lock for long.
    /// </summary>
    public async Task<int> DeleteOlderThanAsync(DateTimeOffset cutoff, CancellationToken ct = default)
    {
        cutoff = cutoff.ToUniversalTime();
        var end = PredictionIds.EndKeyAt(cutoff);
        var deleted = 0;
        for (var from = 0L; from < end;)
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var start = from;
            // The batch's key bound: past its RetentionBatch-th row (a seek and a short walk of the key), or the cutoff's.
            var last = await db.Predictions.AsNoTracking().Where(p => p.Key >= start && p.Key < end).OrderBy(p => p.Key)
                .Skip(RetentionBatch - 1).Select(p => (long?)p.Key).FirstOrDefaultAsync(ct);
            var stop = last is { } k ? k + 1 : end;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // PostgreSQL: the batch's predictions locked first. A label being written for one of them holds a key-share
            // lock on it (its foreign key) until it commits with its counter's increment: waiting for it here lets the
            // count below see that label; one arriving later waits for this batch and then finds its prediction gone.
            // Otherwise such a label was deleted (cascade) without being subtracted: Labelled one too high. SQLite's
            // IMMEDIATE transaction keeps every other writer out already.
            if (db.Database.IsNpgsql())
                await db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"Predictions\" WHERE \"Key\" >= {start} AND \"Key\" < {stop} FOR UPDATE", ct);
            var old = db.Predictions.Where(p => p.Key >= start && p.Key < stop && p.At < cutoff);
            // Counted first (labelled ones too), inside the transaction: SQLite's is IMMEDIATE, so no writer changes them meanwhile.
            var counts = await Served(old)
                .GroupBy(p => new { p.Model, p.Version, Hour = p.Key / PredictionCounts.KeysPerHour })
                .Select(g => new
                {
                    g.Key.Model, g.Key.Version, g.Key.Hour, Count = g.LongCount(),
                    Labelled = g.LongCount(p => db.Labels.Any(l => l.PredictionKey == p.Key)),
                })
                .ToListAsync(ct);
            // ExecuteDelete bypasses EF's cascade (the database's would do it too, with foreign keys on): labels first.
            await db.Labels.Where(l => l.PredictionKey >= start && l.PredictionKey < stop && old.Select(p => p.Key).Contains(l.PredictionKey)).ExecuteDeleteAsync(ct);
            deleted += await old.ExecuteDeleteAsync(ct);
            foreach (var c in counts)
                await db.PredictionCounts.Where(x => x.Model == c.Model && x.Version == c.Version && x.Hour == c.Hour)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.Count, x => x.Count - c.Count).SetProperty(x => x.Labelled, x => x.Labelled - c.Labelled), ct);
            await db.PredictionCounts.Where(x => x.Count <= 0).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
            from = stop;
        }

        return deleted;
    }

    /// <summary>
    /// How many served predictions match a query: the counters (all, labelled, or the difference) of the whole hours in its window,
    /// plus a count of the rows of the (at most two) partial hours at its ends, which are key ranges.
    /// </summary>
    private static async Task<long> CountServedAsync(PortalDbContext db, PredictionQuery q, CancellationToken ct)
    {
        var from = q.From?.ToUniversalTime();
        var to = q.To?.ToUniversalTime();
        if (from is { } f && to is { } t && f >= t) return 0;
        // Whole hours [firstHour, endHour): counted; the rest of the window before and after them: scanned by key.
        long? firstHour = from is { } a ? CeilingHour(a) : null;
        long? endHour = to is { } b ? PredictionCounts.HourOf(PredictionIds.FirstKeyAt(b)) : null;
        if (firstHour is { } fh && endHour is { } eh && fh >= eh)
            return await Filter(db, q).LongCountAsync(ct);

        var counts = db.PredictionCounts.AsNoTracking();
        if (!string.IsNullOrEmpty(q.Model)) counts = counts.Where(c => c.Model == q.Model);
        if (q.Version is { } version) counts = counts.Where(c => c.Version == version);
        if (firstHour is { } first) counts = counts.Where(c => c.Hour >= first);
        if (endHour is { } stop) counts = counts.Where(c => c.Hour < stop);
        var total = q.Labelled switch
        {
            true => await counts.SumAsync(c => (long?)c.Labelled, ct),
            false => await counts.SumAsync(c => (long?)(c.Count - c.Labelled), ct),
            _ => await counts.SumAsync(c => (long?)c.Count, ct),
        } ?? 0;
        if (firstHour is { } h1 && from is { } start)
            total += await Filter(db, q with { From = start, To = HourStart(h1) }).LongCountAsync(ct);
        if (endHour is { } h2 && to is { } end)
            total += await Filter(db, q with { From = HourStart(h2), To = end }).LongCountAsync(ct);
        return total;
    }

    private static long CeilingHour(DateTimeOffset at)
    {
        var key = PredictionIds.FirstKeyAt(at);
        var hour = PredictionCounts.HourOf(key);
        return PredictionCounts.FirstKeyOfHour(hour) == key ? hour : hour + 1;
    }

    private static DateTimeOffset HourStart(long hour) => DateTimeOffset.UnixEpoch.AddHours(hour);

    /// <summary>The arm name of a shadow score, which no caller received.</summary>
    private static readonly string ShadowArm = RolloutNames.Of(RolloutArm.Shadow);

    /// <summary>
    /// The predictions callers received: without the shadow scores of a shadow rollout, which are stored for the rollout's
    /// paired comparison only. Lists, counts, exports, realized performance and drift windows read these.
    /// </summary>
    private static IQueryable<PredictionEntity> Served(IQueryable<PredictionEntity> query) => query.Where(p => p.Arm != ShadowArm);

    private static IQueryable<PredictionEntity> Filter(PortalDbContext db, PredictionQuery q)
    {
        var query = Served(db.Predictions.AsNoTracking());
        if (!string.IsNullOrEmpty(q.Model)) query = query.Where(p => p.Model == q.Model);
        if (q.Version is { } version) query = query.Where(p => p.Version == version);
        query = Window(query, q.From, q.To);
        if (q.Labelled is true) query = query.Where(p => db.Labels.Any(l => l.PredictionKey == p.Key));
        if (q.Labelled is false) query = query.Where(p => !db.Labels.Any(l => l.PredictionKey == p.Key));
        return query;
    }

    /// <summary>
    /// Predictions at <paramref name="from"/> or later and before <paramref name="to"/> (when given): a range of keys,
    /// whose millisecond is the prediction's, narrowed to the exact times by <c>At</c>. The bounds are compared in UTC,
    /// as the log's times are stored: EF Core's binary form of a DateTimeOffset orders by local clock time.
    /// </summary>
    internal static IQueryable<PredictionEntity> Window(IQueryable<PredictionEntity> query, DateTimeOffset? from, DateTimeOffset? to, bool toIncluded = false)
    {
        from = from?.ToUniversalTime();
        to = to?.ToUniversalTime();
        if (from is { } start)
        {
            var first = PredictionIds.FirstKeyAt(start);
            query = query.Where(p => p.Key >= first && p.At >= start);
        }

        if (to is { } stop)
        {
            var end = PredictionIds.EndKeyAt(stop);
            query = toIncluded ? query.Where(p => p.Key < end && p.At <= stop) : query.Where(p => p.Key < end && p.At < stop);
        }

        return query;
    }

    private static IQueryable<Row> Joined(PortalDbContext db, IQueryable<PredictionEntity> predictions) =>
        from p in predictions
        join l in db.Labels.AsNoTracking() on p.Key equals l.PredictionKey into labels
        from l in labels.DefaultIfEmpty()
        select new Row { P = p, L = l };

    private static PredictionRecord ToRecord(PredictionEntity e) =>
        new(e.Id, e.Model, e.Version, e.Alias, e.InputsJson, e.Label, e.Probability, e.LatencyMs, e.At)
        {
            RolloutId = e.RolloutId,
            Arm = RolloutNames.TryParse(e.Arm, out RolloutArm arm) ? arm : null,
        };

    private sealed class Row
    {
        public required PredictionEntity P { get; init; }
        public LabelEntity? L { get; init; }
    }

    public async Task<PredictionInputs> ListInputsAsync(string model, int? version, DateTimeOffset from, DateTimeOffset to, int max, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await PredictionColumnReads.InputsAsync(db, model, version, ShadowArm, from, to, max, ct);
    }
}
