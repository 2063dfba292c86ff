using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Tests.Data;

/// <summary>The Rollouts migration adds nullable columns to the prediction log: rows logged before it read back unchanged, outside any rollout.</summary>
public sealed class RolloutMigrationTests : IAsyncDisposable
{
    private const string BeforeRollouts = "20261204150546_InputRangePolicy";
    private readonly MigratingDatabase _db = new();

    [Fact]
    public async Task Migrate_PredictionsLoggedBefore_ReadBackWithoutRolloutOrArm()
    {
        await _db.MigrateToAsync(BeforeRollouts);
        var at = new DateTimeOffset(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);
        var id = PredictionIds.Next(at);
        var toBinary = new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();
        await _db.ExecuteAsync(
            "INSERT INTO Predictions (\"Key\", Id, Model, Version, Alias, InputsJson, Label, Probability, LatencyMs, At) VALUES ($key, $id, 'm', 3, 'champion', '{\"x\":1}', 'yes', 0.75, 1.5, $at)",
            ("$key", PredictionIds.KeyOf(id)), ("$id", id.ToByteArray(bigEndian: true)), ("$at", toBinary(at)));

        await _db.MigrateToLatestAsync();

        var stored = await _db.Services.GetRequiredService<IPredictionStore>().GetAsync(id);
        Assert.Equal(new PredictionRecord(id, "m", 3, "champion", "{\"x\":1}", "yes", 0.75, 1.5, at), stored);
        Assert.Null(stored!.RolloutId);
        Assert.Null(stored.Arm);
        // The new tables are there and empty.
        Assert.Empty(await _db.Services.GetRequiredService<IRolloutStore>().ListActiveAsync());
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
