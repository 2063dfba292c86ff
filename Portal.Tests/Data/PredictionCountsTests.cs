using Microsoft.EntityFrameworkCore;
using Portal.Core.Predictions;
using Portal.Core.Privacy;
using Portal.Core.Rollouts;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>
/// The hourly prediction counters the writer maintains equal the rows they count, after writes, skipped duplicates,
/// labels, retention and PII scrubs, and the counts read from them equal real counts: <see cref="Sqlite"/> and <see cref="Postgres"/>.
/// </summary>
public abstract class PredictionCountsTests
{
    public sealed class Sqlite : PredictionCountsTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : PredictionCountsTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    /// <summary><paramref name="count"/> predictions from <paramref name="from"/>, <paramref name="step"/> apart, every seventh a shadow score.</summary>
    private static List<PredictionRecord> Rows(string model, int version, DateTimeOffset from, TimeSpan step, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var at = from + step * i;
            var record = new PredictionRecord(PredictionIds.Next(at), model, version, "champion", """{"x":1}""", "yes", 0.7, 1, at);
            return i % 7 == 3 ? record with { Arm = RolloutArm.Shadow, RolloutId = Guid.NewGuid() } : record;
        }).ToList();

    /// <summary>The counters must equal COUNT(*) of served rows, and of those labelled, per model, version and hour of key.</summary>
    private static async Task AssertCountersMatchRowsAsync(IStoreDatabase db)
    {
        await using var context = await db.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var labelled = (await context.Labels.Select(l => l.PredictionKey).ToListAsync()).ToHashSet();
        var rows = (await context.Predictions.Where(p => p.Arm == null || p.Arm != "shadow").Select(p => new { p.Model, p.Version, p.Key }).ToListAsync())
            .GroupBy(p => (p.Model, p.Version, Hour: p.Key / (3_600_000L << PredictionIds.SequenceBits)))
            .ToDictionary(g => g.Key, g => ((long)g.Count(), (long)g.Count(p => labelled.Contains(p.Key))));
        var counters = (await context.PredictionCounts.ToListAsync()).ToDictionary(c => (c.Model, c.Version, c.Hour), c => (c.Count, c.Labelled));
        Assert.Equal(rows.OrderBy(x => x.Key), counters.OrderBy(x => x.Key));
    }

    private static async Task<long> RealCountAsync(IPredictionStore store, PredictionQuery query)
    {
        var n = 0L;
        await foreach (var _ in store.StreamAsync(query)) n++;
        return n;
    }

    [Fact]
    public async Task AddBatch_WritesDuplicatesAndShadowScores_CountersEqualRowsAndTotalsEqualRealCounts()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var a = Rows("a", 1, Start, TimeSpan.FromMinutes(1), 300); // five hours
        var b = Rows("b", 2, Start.AddMinutes(30), TimeSpan.FromSeconds(20), 120);
        await store.AddBatchAsync(a[..200]);
        await store.AddBatchAsync([.. b, .. a[200..]]);
        // A batch half of whose rows are logged already (a clock set back): those are skipped, the counters recounted.
        var again = a[250..].Concat(Rows("a", 1, Start.AddHours(6), TimeSpan.FromMinutes(1), 10)).ToList();
        Assert.Equal(10, await store.AddBatchAsync(again));
        // Labels on every fifth, a shadow score's among them (not counted), then some replaced (counted once).
        var labels = db.Get<ILabelStore>();
        var labelled = a.Concat(b).Where((_, i) => i % 5 == 3).ToList();
        await labels.UpsertAsync(labelled.Select(r => new LabelRecord(r.Id, "yes", null, "crm", Start, "ds")).ToList());
        await labels.UpsertAsync(labelled.Take(20).Concat(a.Take(3)).Select(r => new LabelRecord(r.Id, "no", null, "crm", Start, "ds")).ToList());

        await AssertCountersMatchRowsAsync(db);
        Assert.Equal(await RealCountAsync(store, new PredictionQuery("a")), await store.CountAsync("a"));
        Assert.Equal(await RealCountAsync(store, new PredictionQuery()), await store.CountAsync());
        PredictionQuery[] queries =
        [
            new(), new("a"), new("b", 2), new("a", 2),
            new("a", From: Start.AddMinutes(17).AddSeconds(3)), new(To: Start.AddHours(3).AddMinutes(1)),
            new(From: Start.AddMinutes(59), To: Start.AddHours(4).AddMilliseconds(1)), new("b", From: Start.AddMinutes(40), To: Start.AddMinutes(50)),
            new(From: Start.AddHours(1), To: Start.AddHours(2)), new(From: Start.AddHours(2), To: Start.AddHours(1)),
            new("a", Labelled: true), new("a", Labelled: false), new(Labelled: true, From: Start.AddMinutes(31).AddSeconds(7), To: Start.AddHours(3).AddSeconds(1)),
            new("b", 2, Labelled: false, To: Start.AddMinutes(55)),
        ];
        foreach (var q in queries)
            Assert.True(await RealCountAsync(store, q) == (await store.QueryAsync(q)).Total, $"total of {q}");
    }

    [Fact]
    public async Task DeleteOlderThan_MoreRowsThanOneBatch_DeletesAllWithLabelsAndKeepsCounters()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var old = Rows("a", 1, Start, TimeSpan.FromMilliseconds(700), 25_000); // about five hours
        var kept = Rows("a", 1, Start.AddDays(1), TimeSpan.FromMinutes(1), 50);
        foreach (var chunk in old.Chunk(5_000)) await store.AddBatchAsync(chunk);
        await store.AddBatchAsync(kept);
        var labels = db.Get<ILabelStore>();
        await labels.UpsertAsync([.. old.Where((_, i) => i % 100 == 0).Select(r => new LabelRecord(r.Id, "yes", null, "crm", Start, "ds")),
            new LabelRecord(kept[0].Id, "no", null, "crm", Start, "ds")]);

        Assert.Equal(25_000, await store.DeleteOlderThanAsync(Start.AddDays(1)));

        Assert.Equal(await RealCountAsync(store, new PredictionQuery()), await store.CountAsync("a"));
        Assert.Equal(kept.Count(r => r.Arm != RolloutArm.Shadow), await store.CountAsync("a"));
        await AssertCountersMatchRowsAsync(db);
        Assert.Null(await labels.GetAsync(old[0].Id));
        Assert.NotNull(await labels.GetAsync(kept[0].Id));
        await using var context = await db.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await context.Labels.CountAsync());
        Assert.Equal(0, await store.DeleteOlderThanAsync(Start.AddDays(1)));
    }

    [Fact]
    public async Task CommitBatch_PiiScrubRewritesInputs_CountersUnchanged()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var rows = Rows("a", 1, Start, TimeSpan.FromMinutes(1), 100);
        await store.AddBatchAsync(rows);
        var scrub = db.Get<IPiiScrubStore>();
        var job = await scrub.CreateAsync(new PiiScrubJob(0, PiiScrubStatuses.Running, "alice", Start, null, await scrub.MaxKeyAsync(), 0, 0, 0, new Dictionary<string, long>(), null));
        var read = await scrub.ReadAsync(0, job.EndKey, 1000);

        await scrub.CommitBatchAsync(job with { Cursor = job.EndKey, Scanned = read.Count }, read.Select(r => r with { InputsJson = """{"x":"[REDACTED]"}""" }).ToList());

        await AssertCountersMatchRowsAsync(db);
        Assert.Equal(rows.Count(r => r.Arm != RolloutArm.Shadow), await store.CountAsync("a"));
    }

    [Fact]
    public async Task StreamAsync_MoreRowsThanOneChunk_EveryMatchOnceInKeyOrderWithLabels()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var rows = Rows("a", 1, Start, TimeSpan.FromMilliseconds(500), 12_001).Concat(Rows("b", 1, Start, TimeSpan.FromSeconds(1), 100)).ToList();
        foreach (var chunk in rows.OrderBy(r => r.At).Chunk(5_000)) await store.AddBatchAsync(chunk);
        await db.Get<ILabelStore>().UpsertAsync([new LabelRecord(rows[10_007].Id, "no", null, "crm", Start, "ds")]);

        var streamed = new List<LabelledPrediction>();
        await foreach (var x in store.StreamAsync(new PredictionQuery("a", Take: int.MaxValue))) streamed.Add(x);

        var expected = rows.Take(12_001).Where(r => r.Arm != RolloutArm.Shadow).Select(r => r.Id).ToList();
        Assert.Equal(expected, streamed.Select(x => x.Prediction.Id));
        Assert.Equal("no", Assert.Single(streamed, x => x.Label is not null).Label!.TrueLabel);
    }
}
