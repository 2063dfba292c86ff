using System.Text.Json;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Tests.Data;

/// <summary>
/// Realized performance from the labels and the counters (<see cref="IPredictionStore.GetRealizedOutcomesAsync"/>) is
/// the report computed from every outcome of the window. Run on both providers.
/// </summary>
public abstract class RealizedOutcomesTests
{
    public sealed class Sqlite : RealizedOutcomesTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : RealizedOutcomesTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(197, 2405, 1)] // partial hours at both ends, hourly buckets
    [InlineData(197, 2405, 24)] // the same window in daily buckets
    [InlineData(60, 2880, 24)] // whole hours only
    [InlineData(150, 250, 1)] // one whole hour between two partial ones
    [InlineData(170, 190, 1)] // across an hour's start: no whole hour
    [InlineData(185, 230, 1)] // inside one hour
    public async Task GetRealizedOutcomesAsync_AnyWindow_SameReportAsFromEveryOutcome(int fromMinute, int toMinute, int bucketHours)
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var rollout = Guid.NewGuid();
        // Every 7 minutes and 13 seconds over two days: versions 1 and 2 of "m" (some shadow scores), and another model.
        var records = Enumerable.Range(0, 420).Select(i =>
        {
            var at = Start.AddSeconds(i * 433);
            var record = new PredictionRecord(PredictionIds.Next(at), i % 5 == 0 ? "other" : "m", 1 + i % 2, null, "{}", "yes", (i * 37 % 100) / 100.0, 1, at);
            return i % 7 == 3 ? record with { RolloutId = rollout, Arm = RolloutArm.Shadow } : record;
        }).ToList();
        foreach (var batch in records.Chunk(50)) await store.AddBatchAsync(batch);
        // 40% labelled (shadow scores among them), the label mostly agreeing with the probability.
        await db.Get<ILabelStore>().UpsertAsync(records.Where((_, i) => i % 5 is 1 or 3)
            .Select((r, i) => new LabelRecord(r.Id, (r.Probability > 0.5) ^ (i % 4 == 0) ? "yes" : "no", null, "crm", Start, "ds")).ToList());

        var from = Start.AddMinutes(fromMinute);
        var to = Start.AddMinutes(toMinute);
        var bucket = TimeSpan.FromHours(bucketHours);
        var expected = RealizedPerformance.Compute("m", await store.GetOutcomesAsync("m", from, to), _ => "yes", from, to, bucket);
        var actual = RealizedPerformance.Compute("m", await store.GetRealizedOutcomesAsync("m", from, to, bucket), _ => "yes", from, to, bucket);

        Assert.NotEmpty(expected.Versions);
        var json = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        Assert.Equal(JsonSerializer.Serialize(expected, json), JsonSerializer.Serialize(actual, json));
    }

    [Theory]
    [InlineData(197, 2405)] // partial hours at both ends
    [InlineData(185, 230)] // inside one hour
    [InlineData(3100, 3200)] // after the last prediction (minute 3,031): none
    public async Task GetScoresAsync_AnyWindow_TheOutcomesScoresInKeyOrder(int fromMinute, int toMinute)
    {
        await using var db = await CreateDatabaseAsync();
        var store = db.Get<IPredictionStore>();
        var rollout = Guid.NewGuid();
        // Two versions of "m" with shadow scores among them (left out), another model, probabilities with ties.
        var records = Enumerable.Range(0, 420).Select(i =>
        {
            var at = Start.AddSeconds(i * 433);
            var record = new PredictionRecord(PredictionIds.Next(at), i % 5 == 0 ? "other" : "m", 1 + i % 2, null, "{}", "yes", (i * 37 % 100) / 100.0, 1, at);
            return i % 7 == 3 ? record with { RolloutId = rollout, Arm = RolloutArm.Shadow } : record;
        }).ToList();
        foreach (var batch in records.Chunk(50)) await store.AddBatchAsync(batch);
        await db.Get<ILabelStore>().UpsertAsync(records.Where((_, i) => i % 3 == 0).Select(r => new LabelRecord(r.Id, "yes", null, "crm", Start, "ds")).ToList());
        var from = Start.AddMinutes(fromMinute);
        var to = Start.AddMinutes(toMinute);

        var expected = ServedScores.Of(await store.GetOutcomesAsync("m", from, to));
        var actual = await store.GetScoresAsync("m", from, to);

        Assert.Equal(fromMinute < 3031, actual.Count > 0);
        Assert.Equal(expected.Versions.ToArray(), actual.Versions.ToArray());
        Assert.Equal(expected.UtcTicks.ToArray(), actual.UtcTicks.ToArray());
        Assert.Equal(expected.Probabilities.ToArray(), actual.Probabilities.ToArray());
    }
}
