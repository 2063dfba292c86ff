using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving;

public sealed class ModelHealthTests
{
    private static readonly DateTimeOffset Trained = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Stale = TimeSpan.FromHours(48);

    private static ModelVersionInfo Version(double auc) => new(
        "m", 3, Trained, "t", TrainerKind.FastTree, new Dictionary<string, double>(), null, null, "y", "yes", "no",
        new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric)]),
        new Evaluation(new ModelMetrics(auc, 0.5, 0.5, 0.5, 0.5, 0.2, 0.6, 100, 523), [], new ConfusionMatrix(1, 1, 1, 1)),
        "/m/v3.zip", new string('a', 64), ["champion"], ModelStage.Production, null);

    [Theory]
    [InlineData(0.80, null, 1.0, ModelHealth.Ok)]
    [InlineData(0.64, null, 1.0, ModelHealth.WarningLowAuc)]
    [InlineData(0.55, null, 1.0, ModelHealth.WarningLowAuc)]
    [InlineData(0.5499, null, 1.0, ModelHealth.CriticalLowAuc)]
    [InlineData(0.80, 3.5, 1.0, ModelHealth.WarningHighDrift)]
    [InlineData(0.80, 2.9, 1.0, ModelHealth.Ok)]
    [InlineData(0.80, null, 49.0, ModelHealth.WarningStale)]
    [InlineData(0.60, 5.0, 100.0, ModelHealth.WarningLowAuc)]
    public void Evaluate_Champion_GivesTheRunbookState(double auc, double? drift, double ageHours, string expected)
    {
        var status = ModelHealth.Evaluate("m", Version(auc), Trained.AddHours(ageHours), null, Trained.AddHours(ageHours), Stale, drift);
        Assert.Equal(expected, status.Health);
        Assert.True(status.Loaded);
        Assert.Equal(3, status.Version);
        Assert.Equal(523, status.TrainRows);
        Assert.Equal(ageHours, status.AgeHours);
    }

    [Fact]
    public void Evaluate_NoChampion_IsNoModel() =>
        Assert.Equal(ModelHealth.NoModel, ModelHealth.Evaluate("m", null, null, null, Trained, Stale, null).Health);

    [Fact]
    public void Evaluate_NoChampionAfterALoadError_IsErrorWithTheReason()
    {
        var status = ModelHealth.Evaluate("m", null, null, "SHA-256 mismatch", Trained, Stale, null);
        Assert.Equal(ModelHealth.Error, status.Health);
        Assert.Equal("SHA-256 mismatch", status.Error);
        Assert.False(status.Loaded);
    }
}
