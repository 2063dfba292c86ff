using Portal.Core.Gates;
using Portal.Core.Rollouts;
using Portal.Core.Statistics;

namespace Portal.Tests.Core.Rollouts;

/// <summary>Every rule of the judge and its boundary (just below, just above), on hand-made evidence.</summary>
public sealed class RolloutJudgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddHours(5);

    private static Rollout NewRollout(RolloutKind kind, int step = 0, RolloutState state = RolloutState.Running, RollbackPolicy? rollbackOn = null) =>
        new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566"), "m", 1,
            new RolloutPlan(kind, 2, RollbackOn: rollbackOn).WithDefaults(), // canary 5/25/50/100, 500 per step (floor 50 labelled), 7 days
            state, step, Start, Start, null, null, "alice");

    private static ArmEvidence Champion(long predictions = 0, double? p95 = null, long metricRows = 0, double? auc = null, double? f1 = null, double? brier = null, double? accuracy = null) =>
        ArmEvidence.Empty(RolloutArm.Champion, 1) with
        {
            Predictions = predictions, StepPredictions = predictions, LatencyP95Ms = p95, Labelled = metricRows, MetricRows = metricRows,
            Auc = auc, F1 = f1, Brier = brier, Accuracy = accuracy,
        };

    private static ArmEvidence Candidate(long predictions = 0, double? p95 = null, long metricRows = 0, double? auc = null, double? f1 = null, double? brier = null,
        double? accuracy = null, RolloutArm arm = RolloutArm.Candidate) =>
        ArmEvidence.Empty(arm, 2) with
        {
            Predictions = predictions, StepPredictions = predictions, LatencyP95Ms = p95, Labelled = metricRows, MetricRows = metricRows,
            Auc = auc, F1 = f1, Brier = brier, Accuracy = accuracy,
        };

    private static RolloutEvidence Evidence(ArmEvidence? champion = null, ArmEvidence? candidate = null, ShadowComparison? shadow = null,
        SampleRatioResult? srm = null, SequentialLook? sequential = null, RolloutLiveCounts? live = null) =>
        new(Guid.Empty, Now, Start, Start, champion ?? Champion(), candidate ?? Candidate(), shadow, srm, sequential, live);

    private static RolloutVerdict Judge(Rollout rollout, RolloutEvidence evidence, ModelGates? gates = null, DateTimeOffset? now = null) =>
        RolloutJudge.Judge(rollout, evidence, gates ?? ModelGates.Off, now ?? Now);

    private static void Expect(RolloutVerdict verdict, RolloutAction? action, params string[] fragments)
    {
        Assert.True(action == verdict.Action, $"expected {action?.ToString() ?? "hold"}, got {verdict.Action?.ToString() ?? "hold"}: {verdict.Reason}");
        foreach (var fragment in fragments) Assert.Contains(fragment, verdict.Reason);
    }

    private static SampleRatioResult Mismatch(long champion, long candidate, double candidatePercent) =>
        new([champion, candidate], [100 - candidatePercent, candidatePercent], 50, 1e-12, SampleRatioMismatch.DefaultThreshold, true);

    private static SequentialLook Look(SequentialDecision decision, double difference = 0.1, double p = 0.004) =>
        new(difference, 0.001, 5.5, p, new ConfidenceInterval(difference - 0.05, difference + 0.05), decision);

    [Theory]
    [InlineData(RolloutState.Paused, "paused")]
    [InlineData(RolloutState.AwaitingApproval, "awaiting approval")]
    [InlineData(RolloutState.RolledBack, "rolled back")]
    public void Judge_NotRunning_Holds(RolloutState state, string named)
    {
        var verdict = Judge(NewRollout(RolloutKind.Ab, state: state), Evidence(srm: Mismatch(610, 390, 50), sequential: Look(SequentialDecision.CandidateBetter)), now: Start.AddDays(30));

        Expect(verdict, null, named, "only a running rollout is judged");
    }

    [Fact]
    public void Judge_SampleRatioMismatch_RollsBackNamingBothSplits()
    {
        // 9,310 / 690 against a 5% canary step: scipy's chisquare 76.0, p = 2.8e-18.
        var srm = SampleRatioMismatch.Test([9310, 690], [95, 5]);

        var verdict = Judge(NewRollout(RolloutKind.Canary), Evidence(srm: srm, sequential: Look(SequentialDecision.CandidateBetter)));

        Expect(verdict, RolloutAction.RolledBack, "The observed split 93.1/6.9", "9,310 champion and 690 candidate requests", "is off the configured 95/5",
            "chi2 76.0", "p = 2.8e-18", "traffic is not being split as planned");
    }

    [Theory]
    [InlineData(61, 38, 50, null)] // 99 requests: too few for the test
    [InlineData(61, 39, 50, RolloutAction.RolledBack)]
    [InlineData(99, 1, 1, null)] // 100 requests, but a 1% arm is expected to get 1 (< 5)
    [InlineData(470, 30, 1, RolloutAction.RolledBack)] // 500 requests: 5 expected
    public void Judge_SampleRatio_IsJudgedOnceTheStepHasEnoughRequests(long champion, long candidate, double candidatePercent, RolloutAction? action)
    {
        var verdict = Judge(NewRollout(RolloutKind.Ab), Evidence(srm: Mismatch(champion, candidate, candidatePercent)));

        Expect(verdict, action);
    }

    [Fact]
    public void Judge_SampleRatioWithoutMismatch_DoesNotRollBack()
    {
        var verdict = Judge(NewRollout(RolloutKind.Ab), Evidence(srm: SampleRatioMismatch.Test([5050, 4950], [50, 50])));

        Expect(verdict, null);
    }

    [Theory]
    [InlineData(1, 98, RolloutKind.Canary, null)] // 99 attempts: too few
    [InlineData(99, 1, RolloutKind.Canary, null)] // 1 of 100: exactly the 1-point margin, not more
    [InlineData(98, 2, RolloutKind.Canary, RolloutAction.RolledBack)] // 2 of 100
    [InlineData(98, 2, RolloutKind.Shadow, RolloutAction.RolledBack)]
    public void Judge_CandidateErrorRate_AboveTheMarginRollsBack(long served, long errors, RolloutKind kind, RolloutAction? action)
    {
        var live = kind == RolloutKind.Shadow ? new RolloutLiveCounts(1000, 0, 0, served, errors, 7) : new RolloutLiveCounts(1000, served, errors, 0, 0, 0);

        var verdict = Judge(NewRollout(kind), Evidence(live: live));

        Expect(verdict, action);
        if (action is not null)
            Assert.Equal($"The {(kind == RolloutKind.Shadow ? "shadow" : "candidate")} failed 2 of 100 attempts (2%), more than the champion's 0% by over the 1-point margin.", verdict.Reason);
    }

    [Fact]
    public void Judge_ErrorRate_UsesThePlansMargin()
    {
        var rollout = NewRollout(RolloutKind.Ab, rollbackOn: new RollbackPolicy(ErrorRateMargin: 0.05));

        Expect(Judge(rollout, Evidence(live: new RolloutLiveCounts(0, 95, 5, 0, 0, 0))), null);
        Expect(Judge(rollout, Evidence(live: new RolloutLiveCounts(0, 94, 6, 0, 0, 0))), RolloutAction.RolledBack, "6%", "5-point margin");
    }

    [Theory]
    [InlineData(50, 15.0, null)] // exactly the 5 ms margin
    [InlineData(50, 15.1, RolloutAction.RolledBack)]
    [InlineData(49, 40.0, null)] // too few rows for a p95
    public void Judge_CandidateP95_AboveTheMarginRollsBack(long predictions, double candidateP95, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: 500, p95: 10), Candidate(predictions: predictions, p95: candidateP95));

        var verdict = Judge(NewRollout(RolloutKind.Canary), evidence);

        Expect(verdict, action);
        if (action is not null) Assert.Equal("The candidate's p95 latency 15.1 ms exceeds the champion's 10.0 ms by 5.1 ms, more than the 5.0 ms margin (50 and 500 predictions).", verdict.Reason);
    }

    [Theory]
    [InlineData(50, 0.749, RolloutAction.RolledBack)]
    [InlineData(50, 0.75, null)]
    [InlineData(49, 0.5, null)] // below the labelled floor max(30, 500 / 10) = 50
    public void Judge_RealizedAucBelowTheGate_RollsBack(long labelled, double auc, RolloutAction? action)
    {
        var evidence = Evidence(Champion(metricRows: 0), Candidate(metricRows: labelled, auc: auc));

        var verdict = Judge(NewRollout(RolloutKind.Canary), evidence, new ModelGates(MinAuc: 0.75));

        Expect(verdict, action);
        if (action is not null)
            Assert.Equal("Realized metrics breach the gates on 50 labelled candidate and 0 champion predictions: realized AUC 0.749 is below the minimum 0.750.", verdict.Reason);
    }

    [Fact]
    public void Judge_GateBreachWithRollbackOnGatesOff_Holds()
    {
        var rollout = NewRollout(RolloutKind.Ab, rollbackOn: new RollbackPolicy(Gates: false));

        Expect(Judge(rollout, Evidence(candidate: Candidate(metricRows: 500, auc: 0.6)), new ModelGates(MinAuc: 0.75)), null);
    }

    [Theory]
    [InlineData(0.70, 0.693, RolloutAction.RolledBack)] // -1.0% against a required -0.5%
    [InlineData(0.70, 0.697, null)] // -0.43%
    public void Judge_RealizedF1ShortOfTheImprovementGate_RollsBack(double championF1, double candidateF1, RolloutAction? action)
    {
        var evidence = Evidence(Champion(metricRows: 60, f1: championF1), Candidate(metricRows: 60, f1: candidateF1));

        Expect(Judge(NewRollout(RolloutKind.Ab), evidence, new ModelGates(MinF1ImprovementPct: -0.5)), action, action is null ? [] : ["realized F1 0.693 against the champion's 0.700: -1.00%, short of the required -0.5%"]);
    }

    [Theory]
    [InlineData(60, 0.221, RolloutAction.RolledBack)]
    [InlineData(60, 0.22, null)]
    [InlineData(49, 0.4, null)] // the champion's side is below the floor: the comparison waits
    public void Judge_RealizedBrierDegradedBeyondTheGate_RollsBack(long championLabelled, double candidateBrier, RolloutAction? action)
    {
        var evidence = Evidence(Champion(metricRows: championLabelled, brier: 0.2), Candidate(metricRows: 60, brier: candidateBrier));

        Expect(Judge(NewRollout(RolloutKind.Canary), evidence, new ModelGates(MaxBrierDegradation: 0.02)), action,
            action is null ? [] : ["realized Brier 0.221 against the champion's 0.200 (+0.021): worse than the allowed degradation of 0.020"]);
    }

    [Theory]
    [InlineData(SequentialDecision.CandidateWorse, RolloutAction.RolledBack, "The sequential test says the candidate is worse")]
    [InlineData(SequentialDecision.CandidateBetter, RolloutAction.Promoted, "The sequential test says the candidate is better")]
    [InlineData(SequentialDecision.Undecided, null, "The sequential test has not decided")]
    public void Judge_AbSequentialDecision_RollsBackOrPromotes(SequentialDecision decision, RolloutAction? action, string reason)
    {
        var evidence = Evidence(Champion(metricRows: 400, accuracy: 0.8), Candidate(metricRows: 380, accuracy: 0.85), sequential: Look(decision, 0.05, 0.004));

        var verdict = Judge(NewRollout(RolloutKind.Ab), evidence);

        Expect(verdict, action, reason, "accuracy 0.850");
        if (action is not null)
            Assert.EndsWith(": accuracy 0.850 on 380 labelled predictions against the champion's 0.800 on 400 (difference +0.050, always-valid p = 0.004, alpha 0.05).", verdict.Reason);
    }

    [Fact]
    public void Judge_CanaryWhoseSequentialTestSaysBetter_IsPromotedBeforeItsLastStep()
    {
        var evidence = Evidence(Champion(metricRows: 400, accuracy: 0.8), Candidate(predictions: 10, metricRows: 80, accuracy: 0.9), sequential: Look(SequentialDecision.CandidateBetter));

        Expect(Judge(NewRollout(RolloutKind.Canary), evidence), RolloutAction.Promoted);
    }

    private static ShadowComparison Paired(long pairs, long labelled, long championOnly = 10, long shadowOnly = 10, DeLongComparison? deLong = null) =>
        new(pairs, labelled, championOnly + shadowOnly, (double)(championOnly + shadowOnly) / Math.Max(1, pairs), McNemarTest.Test(championOnly, shadowOnly), deLong, []);

    private static ArmEvidence ShadowArm(long labelled, double? auc = null) => Candidate(predictions: 600, metricRows: labelled, auc: auc, arm: RolloutArm.Shadow);

    [Theory]
    [InlineData(150, 90, 50, RolloutAction.RolledBack)] // p = 0.00014 < 0.01, the shadow worse
    [InlineData(150, 90, 49, null)] // too few labelled pairs
    [InlineData(90, 150, 50, null)] // significant, but the shadow is the better one
    [InlineData(40, 60, 50, null)] // p = 0.057
    public void Judge_ShadowMcNemarSignificantlyWorse_RollsBack(long championOnly, long shadowOnly, long labelled, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: 300), ShadowArm(labelled), Paired(300, labelled, championOnly, shadowOnly));

        Expect(Judge(NewRollout(RolloutKind.Shadow), evidence), action, action is null ? [] : ["only the champion got 150 right and only the shadow 90", "McNemar chi-square", "p = 1.4e-04 < 0.01"]);
    }

    [Theory]
    [InlineData(-0.08, 0.009, RolloutAction.RolledBack)]
    [InlineData(-0.08, 0.011, null)]
    [InlineData(0.08, 0.001, null)]
    public void Judge_ShadowDeLongSignificantlyLower_RollsBack(double difference, double p, RolloutAction? action)
    {
        var deLong = new DeLongComparison(true, null, 0.8, 0.8 + difference, 0.001, 0.001, 0.0005, difference / 0.03, p, new ConfidenceInterval(difference - 0.05, difference + 0.05));
        var evidence = Evidence(Champion(predictions: 300), ShadowArm(60), Paired(300, 60, deLong: deLong));

        Expect(Judge(NewRollout(RolloutKind.Shadow), evidence), action, action is null ? [] : ["The shadow's AUC is significantly lower", "0.720 against the champion's 0.800", "p = 0.009 < 0.01"]);
    }

    [Theory]
    [InlineData(500, 50, RolloutAction.Promoted)]
    [InlineData(499, 50, null)]
    [InlineData(500, 49, null)]
    public void Judge_ShadowWithEnoughPairsAndNoGates_IsPromoted(long pairs, long labelled, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: pairs), ShadowArm(labelled), Paired(pairs, labelled));

        var verdict = Judge(NewRollout(RolloutKind.Shadow), evidence);

        Expect(verdict, action, action is null ? "Waiting for shadow evidence" : "The shadow scored 500 requests beside the champion (50 labelled, 4% disagreeing), is not significantly worse and no gate is set.");
    }

    [Theory]
    [InlineData(0.8, RolloutAction.Promoted)]
    [InlineData(null, null)] // one class so far: the AUC gate cannot pass yet
    public void Judge_ShadowPromotion_NeedsEveryGateToPass(double? auc, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: 600), ShadowArm(60, auc), Paired(600, 60));

        Expect(Judge(NewRollout(RolloutKind.Shadow), evidence, new ModelGates(MinAuc: 0.75)), action,
            action is null ? "waiting for the gates (minAuc)" : "every gate passes on realized metrics: realized AUC 0.800 meets the minimum 0.750");
    }

    [Theory]
    [InlineData(0, 499, null, "Waiting for candidate predictions: 499 of 500 at 5%.")]
    [InlineData(0, 500, RolloutAction.StepUp, "The candidate served 500 predictions at 5% (at least 500) with nothing against it: step up to 25%.")]
    [InlineData(2, 1200, RolloutAction.StepUp, "The candidate served 1,200 predictions at 50% (at least 500) with nothing against it: step up to 100%.")]
    [InlineData(3, 499, null, "Waiting for candidate predictions: 499 of 500 at 100%.")]
    [InlineData(3, 500, RolloutAction.Promoted, "The candidate served 500 predictions at 100% (at least 500) and no gate is set.")]
    public void Judge_Canary_StepsUpWithEnoughPredictionsAndPromotesAtTheLastStep(int step, long served, RolloutAction? action, string reason)
    {
        var verdict = Judge(NewRollout(RolloutKind.Canary, step), Evidence(Champion(predictions: 9000), Candidate(predictions: served)));

        Assert.Equal(new RolloutVerdict(action, reason), verdict);
    }

    [Theory]
    [InlineData(49, null)]
    [InlineData(50, RolloutAction.Promoted)]
    public void Judge_CanaryAtTheLastStep_WaitsForTheGatesLabels(long labelled, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: 100, metricRows: 80), Candidate(predictions: 800, metricRows: labelled, auc: 0.81));

        Expect(Judge(NewRollout(RolloutKind.Canary, 3), evidence, new ModelGates(MinAuc: 0.75)), action,
            action is null ? "waiting for the gates (minAuc): 49 candidate and 80 champion predictions are labelled, the realized gates need 50 on each" : "realized AUC 0.810 meets the minimum 0.750");
    }

    [Fact]
    public void Judge_CanaryAtTheLastStepFailingAGateWithRollbackOff_HoldsAndSaysWhy()
    {
        var rollout = NewRollout(RolloutKind.Canary, 3, rollbackOn: new RollbackPolicy(Gates: false));
        var evidence = Evidence(Champion(predictions: 100), Candidate(predictions: 800, metricRows: 90, auc: 0.7));

        Expect(Judge(rollout, evidence, new ModelGates(MinAuc: 0.75)), null, "realized AUC 0.700 is below the minimum 0.750", "rollback on gates is off");
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(0, RolloutAction.Inconclusive)]
    public void Judge_MaxDurationReached_EndsInconclusive(long ticksFromLimit, RolloutAction? action)
    {
        var evidence = Evidence(Champion(predictions: 4000, metricRows: 12), Candidate(predictions: 120, metricRows: 3));

        var verdict = Judge(NewRollout(RolloutKind.Ab), evidence, now: Start.AddDays(7).AddTicks(ticksFromLimit));

        Expect(verdict, action, action is null ? "Waiting for labelled predictions" : "Gathered 4,120 predictions and 15 labels in 7 days; not enough to decide.");
    }

    [Fact]
    public void Judge_EarlierRulesWin_SafetyBeforeProgress()
    {
        // A broken split and a winning test: the split is not to be trusted, so the rollout ends as rolled back.
        var both = Evidence(Champion(metricRows: 400, accuracy: 0.8), Candidate(metricRows: 400, accuracy: 0.9),
            srm: Mismatch(700, 300, 50), sequential: Look(SequentialDecision.CandidateBetter));
        // Errors beat latency, latency beats a step-up, and a step-up beats the time limit.
        var slowAndFailing = Evidence(Champion(predictions: 600, p95: 5), Candidate(predictions: 600, p95: 50), live: new RolloutLiveCounts(600, 50, 50, 0, 0, 0));
        var slow = slowAndFailing with { Live = null };

        Expect(Judge(NewRollout(RolloutKind.Ab), both), RolloutAction.RolledBack, "observed split");
        Expect(Judge(NewRollout(RolloutKind.Canary), slowAndFailing), RolloutAction.RolledBack, "failed 50 of 100");
        Expect(Judge(NewRollout(RolloutKind.Canary), slow), RolloutAction.RolledBack, "p95 latency");
        Expect(Judge(NewRollout(RolloutKind.Canary), slow with { Candidate = Candidate(predictions: 600, p95: 6) }, now: Start.AddDays(8)), RolloutAction.StepUp);
    }

    [Fact]
    public void Judge_AbWaitingForTheTest_SaysWhere()
    {
        var waiting = Judge(NewRollout(RolloutKind.Ab), Evidence(Champion(metricRows: 312, accuracy: 0.8), Candidate(metricRows: 298, accuracy: 0.81),
            sequential: Look(SequentialDecision.Undecided, 0.01, 0.21)));

        Assert.Equal(new RolloutVerdict(null,
            "The sequential test has not decided: accuracy 0.810 against 0.800 on 298 and 312 labelled predictions, always-valid p = 0.21 (it decides at 0.05)."), waiting);
    }
}
