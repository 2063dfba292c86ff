using Portal.Core.Gates;
using Portal.Core.Rollouts;

namespace Portal.Tests.Core.Rollouts;

public sealed class RealizedGatesTests
{
    private static ArmEvidence Arm(RolloutArm arm, long labelled, double? auc = null, double? f1 = null, double? brier = null) =>
        ArmEvidence.Empty(arm, arm == RolloutArm.Champion ? 1 : 2) with { MetricRows = labelled, Auc = auc, F1 = f1, Brier = brier };

    [Fact]
    public void Evaluate_NoGateSet_PassesWithNothingToJudge()
    {
        var gates = RealizedGates.Evaluate(ModelGates.Off, Arm(RolloutArm.Champion, 0), Arm(RolloutArm.Candidate, 0), 50);

        Assert.True(gates.AllPassed);
        Assert.False(gates.AnyBreached);
        Assert.Empty(gates.Results);
    }

    [Fact]
    public void Evaluate_TestRowsAndApproval_AreLeftToThePromotion()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinTestRows: 1_000_000, RequireApproval: true), Arm(RolloutArm.Champion, 0), Arm(RolloutArm.Candidate, 0), 50);

        Assert.True(gates.AllPassed);
    }

    [Fact]
    public void Evaluate_ChampionF1OfZero_AnyGainIsUnboundedAndPasses()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinF1ImprovementPct: 50), Arm(RolloutArm.Champion, 60, f1: 0), Arm(RolloutArm.Candidate, 60, f1: 0.2), 50);

        var result = Assert.Single(gates.Results);
        Assert.True(result.Passed);
        Assert.Null(result.Actual);
        Assert.Equal("realized F1 0.200 against the champion's 0.000: an unbounded gain, at least the required 50%", result.Message);
    }

    [Fact]
    public void Evaluate_MetricsMissingOrBelowTheFloor_ArePendingNotBreached()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.7, MinF1ImprovementPct: 0, MaxBrierDegradation: 0.01),
            Arm(RolloutArm.Champion, 49, f1: 0.9, brier: 0.1), Arm(RolloutArm.Shadow, 500, auc: null, f1: 0.1, brier: 0.5), 50);

        Assert.Equal([GateNames.MinAuc, GateNames.MinF1ImprovementPct, GateNames.MaxBrierDegradation], gates.Pending);
        Assert.False(gates.AnyBreached);
        Assert.False(gates.AllPassed);
    }

    [Theory]
    [InlineData(null, 50)]
    [InlineData(10, 30)]
    [InlineData(299, 30)]
    [InlineData(1000, 100)]
    public void LabelledFloor_IsTheLargerOf30AndATenthOfTheStepsSamples(int? minSamplesPerStep, int floor)
    {
        Assert.Equal(floor, RolloutDefaults.LabelledFloor(new RolloutPlan(RolloutKind.Canary, 2, MinSamplesPerStep: minSamplesPerStep)));
    }
}
