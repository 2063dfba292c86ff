using Portal.Core.Gates;
using Portal.Core.Training;

namespace Portal.Tests.Core.Gates;

public sealed class GateEvaluatorTests
{
    private static ModelMetrics Metrics(double auc = 0.8, double f1 = 0.6, double brier = 0.15, int testRows = 500) =>
        new(auc, f1, 0.8, 0.6, 0.6, brier, 0.45, testRows, 2000);

    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void Evaluate_AllGatesOff_ReturnsNoResults() =>
        Assert.Empty(GateEvaluator.Evaluate(ModelGates.Off, Metrics(), Metrics(), [], "alice"));

    [Theory]
    [InlineData(0.80, 0.80, true)]
    [InlineData(0.79, 0.80, false)]
    public void Evaluate_MinAuc_ComparesTheTestAuc(double auc, double min, bool passed)
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MinAuc: min), Metrics(auc: auc), null, [], "alice").Single();
        Assert.Equal((GateNames.MinAuc, passed, auc, min), (result.Name, result.Passed, result.Actual!.Value, result.Threshold!.Value));
    }

    [Theory]
    [InlineData(0.63, 0.60, 5.0, true)]   // +5.0%
    [InlineData(0.62, 0.60, 5.0, false)]  // +3.3%
    [InlineData(0.55, 0.60, -10.0, true)] // -8.3% allowed by a negative threshold
    public void Evaluate_MinF1Improvement_IsRelativeToTheChampionInPercent(double f1, double championF1, double minPct, bool passed)
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MinF1ImprovementPct: minPct), Metrics(f1: f1), Metrics(f1: championF1), [], "alice").Single();
        Assert.Equal(passed, result.Passed);
        Assert.Equal((f1 - championF1) / championF1 * 100, result.Actual!.Value, 12);
        Assert.Equal(championF1, result.ChampionValue);
    }

    [Theory]
    [InlineData(0.155, 0.15, 0.005, true)]
    [InlineData(0.16, 0.15, 0.005, false)]
    [InlineData(0.10, 0.15, 0.0, true)]
    public void Evaluate_MaxBrierDegradation_AllowsAtMostTheGivenIncrease(double brier, double championBrier, double max, bool passed)
    {
        var result = GateEvaluator.Evaluate(new ModelGates(MaxBrierDegradation: max), Metrics(brier: brier), Metrics(brier: championBrier), [], "alice").Single();
        Assert.Equal(passed, result.Passed);
        Assert.Equal(brier - championBrier, result.Actual!.Value, 12);
    }

    [Fact]
    public void Evaluate_ComparisonGatesWithoutChampion_Pass()
    {
        var results = GateEvaluator.Evaluate(new ModelGates(MinF1ImprovementPct: 50, MaxBrierDegradation: 0), Metrics(), null, [], "alice");
        Assert.All(results, r => Assert.True(r.Passed, r.Message));
        Assert.Equal(2, results.Count);
    }

    [Fact]
    public void Evaluate_MinTestRows_ComparesTheTestSplitSize()
    {
        Assert.False(GateEvaluator.Evaluate(new ModelGates(MinTestRows: 501), Metrics(testRows: 500), null, [], "alice").Single().Passed);
        Assert.True(GateEvaluator.Evaluate(new ModelGates(MinTestRows: 500), Metrics(testRows: 500), null, [], "alice").Single().Passed);
    }

    [Fact]
    public void Evaluate_RequireApproval_CountsOnlyAnotherAdminsApproval()
    {
        var gates = new ModelGates(RequireApproval: true);
        var own = new VersionApproval("m", 2, "alice", At, null, "alice");
        var other = new VersionApproval("m", 2, "bob", At, null, "bob");

        Assert.False(GateEvaluator.Evaluate(gates, Metrics(), null, [], "alice").Single().Passed);
        var ownOnly = GateEvaluator.Evaluate(gates, Metrics(), null, [own], "alice").Single();
        Assert.False(ownOnly.Passed);
        Assert.Contains("second admin", ownOnly.Message);
        Assert.True(GateEvaluator.Evaluate(gates, Metrics(), null, [own, other], "alice").Single().Passed);
        Assert.False(GateEvaluator.Evaluate(gates, Metrics(), null, [other], "bob").Single().Passed);
    }

    [Fact]
    public void Validate_OutOfRangeGates_NameEachField()
    {
        var errors = GateValidation.Validate(new ModelGates(MinAuc: 1.2, MaxBrierDegradation: -0.1, MinTestRows: -1));
        Assert.Equal([GateNames.MaxBrierDegradation, GateNames.MinAuc, GateNames.MinTestRows], errors.Keys.Order());
    }
}
