using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;
using Portal.Core.Serving;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>A database with predictions and labels logged before the log was keyed by time keeps them all, findable.</summary>
public sealed class PredictionKeyMigrationTests : IAsyncDisposable
{
    private const string BeforeKeys = "20261122151838_LeanPredictionIndexes";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
    private readonly MigratingDatabase _db = new();

    [Fact]
    public async Task Migrate_PredictionsAndLabelsLoggedBefore_AreFoundByIdAndTimeWithTheirLabels()
    {
        await _db.MigrateToAsync(BeforeKeys);

        // As the old schema held them: ids as upper-case text (old ids had random bits where keys now have a sequence),
        // times through EF Core's binary converter. Three share a millisecond (a batch). The portal logs UTC times, but
        // the keys are right for other offsets too.
        PredictionRecord Old(int i, DateTimeOffset at) =>
            new(Guid.CreateVersion7(at), "credit", 1 + i % 2, i == 0 ? null : "champion", $$"""{"i":{{i}}}""", i % 2 == 0 ? "bad" : "good", i / 10.0, 1.5, at);
        PredictionRecord[] old =
        [
            Old(0, At), Old(1, At), Old(2, At),
            Old(3, At.AddMinutes(5)),
            Old(4, At.AddDays(1).ToOffset(TimeSpan.FromHours(-5))),
            Old(5, At.AddDays(2).ToOffset(TimeSpan.FromHours(2))),
        ];
        var toBinary = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();
        foreach (var r in old)
            await _db.ExecuteAsync("INSERT INTO Predictions (Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES ($id, $model, $version, $alias, $inputs, $label, $p, $latency, $at)",
                ("$id", r.Id.ToString().ToUpperInvariant()), ("$model", r.Model), ("$version", r.Version), ("$alias", (object?)r.Alias ?? DBNull.Value),
                ("$inputs", r.InputsJson), ("$label", r.Label), ("$p", r.Probability), ("$latency", r.LatencyMs), ("$at", toBinary(r.At)));
        await _db.ExecuteAsync("INSERT INTO Labels (PredictionId, TrueLabel, LabelTimestamp, Source, ReceivedAt, ReceivedBy) VALUES ($id, 'good', NULL, 'crm', $at, 'ds')",
            ("$id", old[1].Id.ToString().ToUpperInvariant()), ("$at", toBinary(At.AddDays(2))));

        await _db.MigrateToLatestAsync();

        var store = _db.Services.GetRequiredService<IPredictionStore>();
        foreach (var r in old) Assert.Equal(r, await store.GetAsync(r.Id));
        Assert.Equal(new LabelRecord(old[1].Id, "good", null, "crm", At.AddDays(2), "ds"), await _db.Services.GetRequiredService<ILabelStore>().GetAsync(old[1].Id));
        var window = await store.QueryAsync(new PredictionQuery(From: At, To: At.AddMinutes(6)));
        Assert.Equal(4, window.Total);
        Assert.Equal(old[3].Id, window.Items[0].Prediction.Id);
        Assert.Equal(old[..3].Select(r => r.Id).Order(), window.Items.Skip(1).Select(x => x.Prediction.Id).Order());
        var labelled = await store.QueryAsync(new PredictionQuery(Labelled: true));
        Assert.Equal(old[1].Id, Assert.Single(labelled.Items).Prediction.Id);

        // Keys are the rows' milliseconds, then their rank in it; new predictions are logged after the old ones.
        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            var keys = await db.Predictions.OrderBy(p => p.Key).Select(p => new { p.Key, p.At }).ToListAsync();
            Assert.All(keys, k => Assert.Equal(k.At.ToUnixTimeMilliseconds(), k.Key >> PredictionIds.SequenceBits));
            Assert.Equal(6, keys.Select(k => k.Key).Distinct().Count());
        }

        var fresh = new PredictionRecord(PredictionIds.Next(At), "credit", 1, "champion", "{}", "bad", 0.9, 1, At);
        Assert.Equal(1, await store.AddBatchAsync([fresh]));
        Assert.Equal(fresh, await store.GetAsync(fresh.Id));
        Assert.Equal(4, (await store.QueryAsync(new PredictionQuery(From: At, To: At.AddMilliseconds(1)))).Total);
    }

    [Fact]
    public async Task MigrateDown_ToTextIds_KeepsEveryPredictionAndLabel_AndUpAgainFindsThem()
    {
        await _db.MigrateToLatestAsync();
        var store = _db.Services.GetRequiredService<IPredictionStore>();
        var records = Enumerable.Range(0, 5).Select(i => new PredictionRecord(PredictionIds.Next(At.AddSeconds(i)), "credit", 1, "champion", $$"""{"i":{{i}}}""", "bad", 0.9, 1, At.AddSeconds(i))).ToList();
        await store.AddBatchAsync(records);
        var label = new LabelRecord(records[2].Id, "good", At, "crm", At.AddDays(1), "ds");
        await _db.Services.GetRequiredService<ILabelStore>().UpsertAsync([label]);

        await _db.MigrateToAsync(BeforeKeys);
        await using (var db = await _db.Contexts.CreateDbContextAsync())
        {
            var ids = await db.Database.SqlQueryRaw<string>("SELECT Id AS Value FROM Predictions ORDER BY Id").ToListAsync();
            Assert.Equal(records.Select(r => r.Id.ToString().ToUpperInvariant()).Order(), ids);
            Assert.Equal(label.PredictionId.ToString().ToUpperInvariant(), await db.Database.SqlQueryRaw<string>("SELECT PredictionId AS Value FROM Labels").SingleAsync());
        }

        await _db.MigrateToLatestAsync();
        foreach (var r in records) Assert.Equal(r, await store.GetAsync(r.Id));
        Assert.Equal(label, await _db.Services.GetRequiredService<ILabelStore>().GetAsync(label.PredictionId));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
