using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Web.Background;
using Portal.Web.Extensions;

namespace Portal.Tests.Data;

/// <summary>Run on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class PredictionStoreQueryTests
{
    public sealed class Sqlite : PredictionStoreQueryTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : PredictionStoreQueryTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static PredictionRecord Record(string model, int version, int hour) =>
        new(PredictionIds.Next(Start.AddHours(hour)), model, version, null, "{}", "yes", 0.7, 1, Start.AddHours(hour));

    [Fact]
    public async Task AddBatchAsync_MoreRowsThanOneStatementHolds_StoresEachExactly()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        // 123 rows: two multi-row statements and 23 single-row ones; the fields vary so a mis-bound offset shows.
        var records = Enumerable.Range(0, 123).Select(i => new PredictionRecord(PredictionIds.Next(Start.AddSeconds(i)), $"m{i % 3}", i,
            i % 2 == 0 ? null : "champion", $$"""{"x":{{i}},"name":"é{{i}}"}""", i % 2 == 0 ? "yes" : "no", i / 1000.0, i / 7.0, Start.AddSeconds(i).ToOffset(TimeSpan.FromHours(i % 5)))).ToList();

        await store.AddBatchAsync(records);

        var stored = await store.GetManyAsync(records.Select(r => r.Id).ToList());
        Assert.Equal(records.OrderBy(r => r.Id), stored.OrderBy(r => r.Id));
    }

    [Fact]
    public async Task AddBatchAsync_SuccessiveBatchesOfDifferentSizes_EachStoredExactly()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        PredictionRecord Make(int i, string model, string label, int inputBytes) =>
            new(PredictionIds.Next(Start.AddSeconds(i)), model, 1, i % 3 == 0 ? null : "challenger", $$"""{"i":{{i}},"t":"{{new string('ü', inputBytes / 2)}}"}""", label, 0.5, 1, Start.AddSeconds(i));

        // The appender's text buffer is sized by the first batch, grows for the 20 KB inputs, and is reused after.
        List<PredictionRecord>[] batches =
        [
            Enumerable.Range(0, 60).Select(i => Make(i, "m", "yes", 10)).ToList(),
            Enumerable.Range(100, 55).Select(i => Make(i, "m", "no", 20_000)).ToList(),
            Enumerable.Range(200, 3).Select(i => Make(i, "modèle-✓", "oui ✓", 0)).ToList(),
        ];
        foreach (var batch in batches) await store.AddBatchAsync(batch);

        var all = batches.SelectMany(b => b).ToList();
        var stored = await store.GetManyAsync(all.Select(r => r.Id).ToList());
        Assert.Equal(all.OrderBy(r => r.Id), stored.OrderBy(r => r.Id));
    }

    [Fact]
    public async Task ShadowScores_AreNotServedPredictions_NoListCountExportPerformanceOrDriftReadsThem()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var rollout = Guid.NewGuid();
        var champion = Record("m", 1, 1) with { RolloutId = rollout, Arm = RolloutArm.Champion };
        var candidate = Record("m", 2, 2) with { RolloutId = rollout, Arm = RolloutArm.Candidate };
        var plain = Record("m", 1, 3);
        var shadow = Record("m", 2, 1) with { RolloutId = rollout, Arm = RolloutArm.Shadow, PairedWith = champion.Id };
        await store.AddBatchAsync([champion, candidate, plain, shadow]);
        PredictionRecord[] served = [champion, candidate, plain];

        Assert.Equal(3, await store.CountAsync("m"));
        Assert.Equal(3, await store.CountAsync());
        var page = await store.QueryAsync(new PredictionQuery("m"));
        Assert.Equal(3, page.Total);
        Assert.Equal(served.Select(r => r.Id).Order(), page.Items.Select(x => x.Prediction.Id).Order());
        Assert.Equal(0, (await store.QueryAsync(new PredictionQuery("m", Version: 2, To: Start.AddHours(2)))).Total);
        var streamed = new List<Guid>();
        await foreach (var x in store.StreamAsync(new PredictionQuery("m"))) streamed.Add(x.Prediction.Id);
        Assert.Equal(served.Select(r => r.Id).Order(), streamed.Order());
        Assert.Equal([1, 1, 2], (await store.GetOutcomesAsync("m", Start, Start.AddDays(1))).Select(o => o.Version).Order());
        Assert.Equal(1, (await store.ListInputsAsync("m", 2, Start, Start.AddDays(1), 100)).Count);
        // The shadow row is stored, and read by id, for the rollout's paired comparison.
        Assert.Equal(RolloutArm.Shadow, (await store.GetAsync(shadow.Id))!.Arm);
    }

    [Fact]
    public async Task QueryAsync_Filters_ModelVersionTimeLabelledAndPages()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var records = Enumerable.Range(0, 10).Select(i => Record("a", i < 5 ? 1 : 2, i)).Append(Record("b", 1, 0)).ToList();
        await store.AddBatchAsync(records);
        await db.Get<ILabelStore>().UpsertAsync([new LabelRecord(records[6].Id, "yes", null, null, Start, "t"), new LabelRecord(records[7].Id, "no", null, null, Start, "t")]);

        var page = await store.QueryAsync(new PredictionQuery(Model: "a", Version: 2, Skip: 1, Take: 2));
        Assert.Equal(5, page.Total);
        Assert.Equal([records[8].Id, records[7].Id], page.Items.Select(i => i.Prediction.Id));
        Assert.Equal("no", page.Items[1].Label?.TrueLabel);

        Assert.Equal(2, (await store.QueryAsync(new PredictionQuery(Model: "a", Labelled: true))).Total);
        Assert.Equal(8, (await store.QueryAsync(new PredictionQuery(Model: "a", Labelled: false))).Total);
        Assert.Equal(3, (await store.QueryAsync(new PredictionQuery(Model: "a", From: Start.AddHours(2), To: Start.AddHours(5)))).Total);
    }

    [Fact]
    public async Task RetentionWorker_OldPredictions_DeletedWithTheirLabels()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var old = Record("a", 1, 0);
        var recent = Record("a", 1, 24 * 95);
        await store.AddBatchAsync([old, recent]);
        await db.Get<ILabelStore>().UpsertAsync([new LabelRecord(old.Id, "yes", null, null, Start, "t")]);
        var options = Options.Create(new PortalOptions { Monitoring = { PredictionRetentionDays = 90 } });
        var worker = new PredictionRetentionWorker(store, options, new ManualClock(Start.AddDays(100)), NullLogger<PredictionRetentionWorker>.Instance);

        Assert.Equal(1, await worker.RunOnceAsync());
        Assert.Null(await store.GetAsync(old.Id));
        Assert.Null(await db.Get<ILabelStore>().GetAsync(old.Id));
        Assert.NotNull(await store.GetAsync(recent.Id));
    }

    [Fact]
    public async Task RetentionWorker_Zero_KeepsEverything()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        await store.AddBatchAsync([Record("a", 1, 0)]);
        var options = Options.Create(new PortalOptions { Monitoring = { PredictionRetentionDays = 0 } });
        var worker = new PredictionRetentionWorker(store, options, new ManualClock(Start.AddYears(5)), NullLogger<PredictionRetentionWorker>.Instance);
        Assert.Equal(0, await worker.RunOnceAsync());
        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task PredictionLogWriter_PiiInInputs_StoredRedacted()
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var log = new PredictionLog(10);
        var record = Record("a", 1, 0) with { InputsJson = """{"Name":"Jane","Email":"jane@example.com","Home":"owner"}""" };
        log.Record(record);
        log.Complete();
        var writer = new PredictionLogWriter(log, store, NullLogger<PredictionLogWriter>.Instance, new PiiRedactor(["Name"]));
        await writer.StartAsync(CancellationToken.None);
        await writer.ExecuteTask!;

        var stored = await store.GetAsync(record.Id);
        Assert.Equal("""{"Name":"[REDACTED]","Email":"[REDACTED]","Home":"owner"}""", stored!.InputsJson);
    }
}
