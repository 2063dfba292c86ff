using Portal.Core.Gates;
using Portal.Core.Performance;
using Portal.Core.Rollouts;

namespace Portal.Tests.Core.Rollouts;

/// <summary>
/// Gates judged on CBPE estimates while labels are few (a plan with <c>gateSource: estimated</c>): decided only once the
/// band clears the threshold, realized numbers first as soon as there are enough labels, the Brier gate waiting for labels.
/// </summary>
public sealed class EstimatedGatesTests
{
    private const int Floor = 50;

    private static EstimatedMetrics Estimate(int predictions, (double Value, double Lower, double Upper)? auc = null, (double Value, double Lower, double Upper)? f1 = null)
    {
        var none = new EstimatedMetric(0.5, 0.4, 0.6);
        return new EstimatedMetrics(predictions,
            auc is { } a ? new EstimatedMetric(a.Value, a.Lower, a.Upper) : null,
            f1 is { } f ? new EstimatedMetric(f.Value, f.Lower, f.Upper) : none,
            none, none, none, 0, 0, 0, 0);
    }

    private static ArmEvidence Arm(RolloutArm arm, long labelled = 0, double? auc = null, double? f1 = null, EstimatedMetrics? estimated = null) =>
        ArmEvidence.Empty(arm, arm == RolloutArm.Champion ? 1 : 2) with { MetricRows = labelled, Auc = auc, F1 = f1, Estimated = estimated };

    [Theory]
    [InlineData(0.80, 0.76, 0.84, true, "estimated AUC 0.800 (band 0.760 to 0.840, without labels) meets the minimum 0.750")]
    [InlineData(0.70, 0.66, 0.74, false, "estimated AUC 0.700 (band 0.660 to 0.740, without labels) is below the minimum 0.750")]
    public void MinAuc_BandClearOfTheMinimum_IsDecidedOnTheEstimate(double value, double lower, double upper, bool passed, string message)
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.75), Arm(RolloutArm.Champion),
            Arm(RolloutArm.Candidate, estimated: Estimate(200, auc: (value, lower, upper))), Floor);

        var result = Assert.Single(gates.Results);
        Assert.Equal(passed, result.Passed);
        Assert.Equal(value, result.Actual);
        Assert.Equal(message, result.Message);
        Assert.Equal([GateNames.MinAuc], gates.Estimated);
        Assert.Equal("estimated metrics", gates.Basis);
        Assert.Empty(gates.Pending);
    }

    [Fact]
    public void MinAuc_BandAcrossTheMinimum_StaysPending()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.75), Arm(RolloutArm.Champion),
            Arm(RolloutArm.Candidate, estimated: Estimate(200, auc: (0.80, 0.74, 0.86))), Floor);

        Assert.Equal([GateNames.MinAuc], gates.Pending);
        Assert.Empty(gates.Results);
    }

    [Fact]
    public void MinAuc_FewerPredictionsThanTheFloor_StaysPendingWhateverTheBand()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.75), Arm(RolloutArm.Champion),
            Arm(RolloutArm.Candidate, estimated: Estimate(Floor - 1, auc: (0.95, 0.94, 0.96))), Floor);

        Assert.Equal([GateNames.MinAuc], gates.Pending);
    }

    [Fact]
    public void EnoughLabels_RealizedWinsOverTheEstimate()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.75), Arm(RolloutArm.Champion),
            Arm(RolloutArm.Candidate, labelled: Floor, auc: 0.70, estimated: Estimate(500, auc: (0.90, 0.88, 0.92))), Floor);

        var result = Assert.Single(gates.Results);
        Assert.False(result.Passed);
        Assert.StartsWith("realized AUC 0.700", result.Message);
        Assert.Empty(gates.Estimated);
        Assert.Equal("realized metrics", gates.Basis);
    }

    [Theory]
    // Champion estimated F1 0.600; 5% improvement needs 0.630 across the candidate's band.
    [InlineData(0.66, 0.64, 0.68, true, "estimated F1 0.660 (band 0.640 to 0.680, without labels) against the champion's estimated 0.600: +10.00%, at least the required 5% across the band")]
    [InlineData(0.60, 0.58, 0.62, false, "estimated F1 0.600 (band 0.580 to 0.620, without labels) against the champion's estimated 0.600: +0.00%, short of the required 5% across the band")]
    [InlineData(0.65, 0.62, 0.68, null, null)]
    public void MinF1Improvement_CandidateBandAgainstTheChampionsEstimate(double value, double lower, double upper, bool? passed, string? message)
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinF1ImprovementPct: 5),
            Arm(RolloutArm.Champion, estimated: Estimate(300, f1: (0.60, 0.55, 0.65))),
            Arm(RolloutArm.Candidate, estimated: Estimate(300, f1: (value, lower, upper))), Floor);

        if (passed is null)
        {
            Assert.Equal([GateNames.MinF1ImprovementPct], gates.Pending);
            return;
        }

        var result = Assert.Single(gates.Results);
        Assert.Equal(passed, result.Passed);
        Assert.Equal(0.60, result.ChampionValue);
        Assert.Equal(message, result.Message);
    }

    [Fact]
    public void Brier_HasNoEstimate_WaitsForLabels()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MaxBrierDegradation: 0.01),
            Arm(RolloutArm.Champion, estimated: Estimate(300, auc: (0.8, 0.79, 0.81))),
            Arm(RolloutArm.Candidate, estimated: Estimate(300, auc: (0.8, 0.79, 0.81))), Floor);

        Assert.Equal([GateNames.MaxBrierDegradation], gates.Pending);
    }

    [Fact]
    public void MixedSources_SayBoth()
    {
        var gates = RealizedGates.Evaluate(new ModelGates(MinAuc: 0.75, MinF1ImprovementPct: 0),
            Arm(RolloutArm.Champion, labelled: Floor, f1: 0.5),
            Arm(RolloutArm.Candidate, labelled: Floor, f1: 0.6, estimated: Estimate(300, auc: (0.8, 0.78, 0.82))), Floor);

        Assert.Equal(2, gates.Results.Count);
        Assert.True(gates.AllPassed);
        Assert.Equal("realized and estimated metrics", gates.Basis);
    }

    private static readonly DateTimeOffset Start = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    private static Rollout Canary(string? gateSource, int step) =>
        new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445577"), "m", 1,
            new RolloutPlan(RolloutKind.Canary, 2, GateSource: gateSource).WithDefaults(), // 5/25/50/100, 500 per step, floor 50
            RolloutState.Running, step, Start, Start, null, null, "alice");

    private static RolloutEvidence Evidence(EstimatedMetrics? candidate) =>
        new(Guid.Empty, Start.AddHours(1), Start, Start, ArmEvidence.Empty(RolloutArm.Champion, 1) with { Predictions = 500, StepPredictions = 500 },
            ArmEvidence.Empty(RolloutArm.Candidate, 2) with { Predictions = 500, StepPredictions = 500, Estimated = candidate }, null, null, null, null);

    [Fact]
    public void Judge_CanaryAtItsLastStepWithoutLabels_IsPromotedOnAnEstimateClearOfTheGate()
    {
        var verdict = RolloutJudge.Judge(Canary(PerformanceSource.Estimated, 3), Evidence(Estimate(500, auc: (0.8, 0.77, 0.83))), new ModelGates(MinAuc: 0.75), Start.AddHours(1));

        Assert.Equal(RolloutAction.Promoted, verdict.Action);
        Assert.Equal("The candidate served 500 predictions at 100% (at least 500) and every gate passes on estimated metrics: " +
                     "estimated AUC 0.800 (band 0.770 to 0.830, without labels) meets the minimum 0.750.", verdict.Reason);
    }

    [Fact]
    public void Judge_EstimateBelowTheGate_RollsBackBeforeAnyLabel()
    {
        var verdict = RolloutJudge.Judge(Canary(PerformanceSource.Estimated, 1), Evidence(Estimate(500, auc: (0.6, 0.55, 0.65))), new ModelGates(MinAuc: 0.75), Start.AddHours(1));

        Assert.Equal(RolloutAction.RolledBack, verdict.Action);
        Assert.StartsWith("Estimated metrics breach the gates on 0 labelled candidate and 0 champion predictions: estimated AUC 0.600", verdict.Reason);
    }

    [Fact]
    public void Judge_EstimateAcrossTheGate_HoldsAndSaysWhatDecidesSooner()
    {
        var verdict = RolloutJudge.Judge(Canary(PerformanceSource.Estimated, 3), Evidence(Estimate(500, auc: (0.76, 0.70, 0.82))), new ModelGates(MinAuc: 0.75), Start.AddHours(1));

        Assert.Null(verdict.Action);
        Assert.Contains("waiting for the gates (minAuc)", verdict.Reason);
        Assert.Contains("an estimated AUC or F1 decides sooner, once its band clears the threshold", verdict.Reason);
    }

    [Fact]
    public void Builder_EstimatesEachArmWithItsVersionsReference_OnlyWhenThePlanAsks()
    {
        var reference = EstimationReference.Fit(
            [true, false, true, false, true, false, true, false, false, true],
            [0.9, 0.2, 0.7, 0.4, 0.6, 0.3, 0.8, 0.1, 0.55, 0.45])!;
        var rows = Enumerable.Range(0, 8).Select(i => new RolloutEvidenceRow(Guid.NewGuid(), 0.1 + i * 0.1, 3, null)).ToList();
        var arm = new RolloutArmRows(RolloutArm.Candidate, 2, rows.Count, 4, 0, rows.Count, rows);
        var evidenceRows = new RolloutEvidenceRows(Guid.Empty, Start, Start, Start.AddHours(1), RolloutArmRows.Empty(RolloutArm.Champion, 1), arm, RolloutArmRows.Empty(RolloutArm.Shadow, 2));
        var references = new Dictionary<int, EstimationReference> { [2] = reference };

        var estimated = RolloutEvidenceBuilder.Build(Canary(PerformanceSource.Estimated, 0), evidenceRows, Start.AddHours(1), references: references);
        var realized = RolloutEvidenceBuilder.Build(Canary(null, 0), evidenceRows, Start.AddHours(1), references: references);

        Assert.Equal(PerformanceEstimator.Estimate(reference, rows.Select(r => r.Probability).ToList()), estimated.Candidate.Estimated);
        Assert.Null(estimated.Champion.Estimated); // nothing logged on the champion's arm
        Assert.Null(realized.Candidate.Estimated);
    }
}
