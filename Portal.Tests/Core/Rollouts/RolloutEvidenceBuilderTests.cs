using System.Text.Json;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Core.Statistics;
using Portal.Tests.Core.Statistics;

namespace Portal.Tests.Core.Rollouts;

public sealed class RolloutEvidenceBuilderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = Start.AddHours(3);

    private static Rollout NewRollout(RolloutPlan plan, int step = 0) =>
        new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566"), "m", 1, plan.WithDefaults(), RolloutState.Running, step, Start, Start, null, null, "alice");

    private static RolloutEvidenceRow Row(double probability, bool? positive, double latency = 1) => new(Guid.NewGuid(), probability, latency, positive);

    /// <summary>A shadow row paired with a champion prediction; the label is the champion's.</summary>
    private static RolloutEvidenceRow Pair(double champion, double shadow, bool? positive) =>
        new(Guid.NewGuid(), shadow, 3, positive, Guid.NewGuid(), champion);

    private static RolloutArmRows Arm(RolloutArm arm, IReadOnlyList<RolloutEvidenceRow> rows, long? step = null) =>
        new(arm, arm == RolloutArm.Champion ? 1 : 2, rows.Count, rows.Count(r => r.Probability >= 0.5), rows.Count(r => r.Positive is not null), step ?? rows.Count, rows);

    private static RolloutEvidenceRows Rows(RolloutArmRows? champion = null, RolloutArmRows? candidate = null, RolloutArmRows? shadow = null) =>
        new(Guid.Empty, Start, Start.AddHours(1), Now, champion ?? RolloutArmRows.Empty(RolloutArm.Champion, 1),
            candidate ?? RolloutArmRows.Empty(RolloutArm.Candidate, 2), shadow ?? RolloutArmRows.Empty(RolloutArm.Shadow, 2));

    private static IEnumerable<RolloutEvidenceRow> Repeat(int count, Func<RolloutEvidenceRow> row) => Enumerable.Range(0, count).Select(_ => row());

    [Fact]
    public void Arm_HandMadeRows_CountsQuantilesAndTheRealizedMetricsOfThePerformanceTab()
    {
        var rows = new[]
        {
            Row(0.9, true, latency: 4), Row(0.8, false, latency: 1), Row(0.3, false, latency: 2), Row(0.6, true, latency: 10),
            Row(0.2, true, latency: 3), Row(0.7, null, latency: 5),
        };
        // Counts come from the store (exact over the window), not from the rows read.
        var arm = new RolloutArmRows(RolloutArm.Candidate, 2, 1000, 400, 600, 250, rows);

        var evidence = RolloutEvidenceBuilder.Arm(arm);

        var outcomes = rows.Select(r => new PredictionOutcome(2, Start, r.Probability, r.Positive is { } p ? (p ? "yes" : "no") : null)).ToList();
        var expected = RealizedPerformance.Metrics(null, outcomes, "yes");
        Assert.Equal((RolloutArm.Candidate, 2, 1000L, 400L, 0.4, 600L, 250L), (evidence.Arm, evidence.Version, evidence.Predictions, evidence.PredictedPositive, evidence.PredictedPositiveRate, evidence.Labelled, evidence.StepPredictions));
        Assert.Equal((5L, 3L), (evidence.MetricRows, evidence.Correct)); // right: 0.9/yes, 0.3/no, 0.6/yes
        Assert.Equal((expected.Auc, expected.F1, expected.Brier, expected.Accuracy), (evidence.Auc, evidence.F1, evidence.Brier, evidence.Accuracy));
        Assert.Equal(0.6, evidence.Accuracy);
        Expect.Close(SampleQuantile.Of([4, 1, 2, 10, 3, 5], 0.5), evidence.LatencyP50Ms!.Value);
        Expect.Close(SampleQuantile.Of([4, 1, 2, 10, 3, 5], 0.95), evidence.LatencyP95Ms!.Value);
        Assert.Equal(8.75, evidence.LatencyP95Ms);
    }

    [Fact]
    public void Arm_NoRowsOrOneClass_LeavesWhatIsNotDefinedNull()
    {
        var empty = RolloutEvidenceBuilder.Arm(RolloutArmRows.Empty(RolloutArm.Champion, 1));
        var oneClass = RolloutEvidenceBuilder.Arm(Arm(RolloutArm.Champion, [Row(0.9, true), Row(0.4, true)]));

        Assert.Equal(ArmEvidence.Empty(RolloutArm.Champion, 1), empty);
        Assert.Null(oneClass.Auc);
        Assert.Equal((2L, 1L, 0.5), (oneClass.MetricRows, oneClass.Correct, oneClass.Accuracy));
    }

    [Fact]
    public void Build_CanaryStepWithKnownCounts_GivesScipysSampleRatio()
    {
        // 9,310 / 690 against a 5% step: scipy.stats.chisquare gives 76.0, p = 2.84e-18 (SampleRatioMismatchTests).
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Canary, 2, Steps: [5, 50, 100]));
        var rows = Rows(Arm(RolloutArm.Champion, [Row(0.1, null)], step: 9310), Arm(RolloutArm.Candidate, [Row(0.1, null)], step: 690));

        var evidence = RolloutEvidenceBuilder.Build(rollout, rows, Now);

        var srm = Assert.IsType<SampleRatioResult>(evidence.SampleRatio);
        Assert.Equal([9310L, 690L], srm.Observed);
        Assert.Equal([95.0, 5.0], srm.WeightPercents);
        Expect.Close(76.0, srm.Statistic);
        Expect.Close(2.83664736699921e-18, srm.PValue);
        Assert.True(srm.Mismatch);
        Assert.Equal((rollout.Id, Now, Start, Start.AddHours(1)), (evidence.RolloutId, evidence.At, evidence.Since, evidence.StepSince));
        Assert.Null(evidence.Shadow);
    }

    [Fact]
    public void Build_AbWeights_AreTheSplitAndAGoodSplitIsNoMismatch()
    {
        // 7,600 / 2,400 against 75/25: chi2 5.33, p = 0.021, not an SRM at 0.001.
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Ab, 2, Weights: new RolloutWeights(75, 25)));
        var rows = Rows(Arm(RolloutArm.Champion, [], step: 7600), Arm(RolloutArm.Candidate, [], step: 2400));

        var srm = RolloutEvidenceBuilder.Build(rollout, rows, Now).SampleRatio!;

        Expect.Close(5.333333333333333, srm.Statistic);
        Expect.Close(0.020921335337794035, srm.PValue);
        Assert.False(srm.Mismatch);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_000)]
    public void SampleRatio_AllOrNothingSplit_IsNotChecked(int basisPoints)
    {
        Assert.Null(RolloutEvidenceBuilder.SampleRatio(basisPoints, 10, 990));
    }

    [Fact]
    public void Build_CanaryAtItsLastStep_HasNoSampleRatio()
    {
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Canary, 2, Steps: [5, 100]), step: 1);
        var rows = Rows(Arm(RolloutArm.Champion, [Row(0.1, null)], step: 3), Arm(RolloutArm.Candidate, [Row(0.1, null)], step: 5000));

        Assert.Null(RolloutEvidenceBuilder.Build(rollout, rows, Now).SampleRatio);
    }

    [Fact]
    public void Build_LabelledAccuracy_IsTheMixtureSprtResumedFromThePreviousLook()
    {
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Ab, 2));
        // Champion right on 60 of 100 labelled rows, candidate on 80 of 100 (plus unlabelled rows, which do not count).
        var champion = Arm(RolloutArm.Champion, [.. Repeat(60, () => Row(0.8, true)), .. Repeat(40, () => Row(0.8, false)), .. Repeat(30, () => Row(0.8, null))]);
        var candidate = Arm(RolloutArm.Candidate, [.. Repeat(80, () => Row(0.2, false)), .. Repeat(20, () => Row(0.2, true))]);

        var first = RolloutEvidenceBuilder.Build(rollout, Rows(champion, candidate), Now).Sequential!;
        var resumed = RolloutEvidenceBuilder.Build(rollout, Rows(champion, candidate), Now, previousPValue: 1e-4, previousDecision: SequentialDecision.CandidateBetter).Sequential!;

        var options = new SequentialTestOptions(RolloutDefaults.SequentialTau, RolloutDefaults.SequentialAlpha);
        Assert.Equal(MixtureSprt.Rates(60, 100, 80, 100, options), first);
        Assert.Equal(MixtureSprt.Rates(60, 100, 80, 100, options, SequentialLook.Resume(1e-4, SequentialDecision.CandidateBetter)), resumed);
        Expect.Close(0.2, first.Difference);
        Assert.Equal(1e-4, resumed.PValue);
        Assert.Equal(SequentialDecision.CandidateBetter, resumed.Decision);
    }

    [Fact]
    public void Build_NoLabelsOrNoSpread_HasNoSequentialLook()
    {
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Canary, 2));
        var unlabelled = Rows(Arm(RolloutArm.Champion, [Row(0.8, null)]), Arm(RolloutArm.Candidate, [Row(0.8, true)]));
        var allRight = Rows(Arm(RolloutArm.Champion, [Row(0.8, true), Row(0.1, false)]), Arm(RolloutArm.Candidate, [Row(0.8, true)]));

        Assert.Null(RolloutEvidenceBuilder.Build(rollout, unlabelled, Now).Sequential);
        Assert.Null(RolloutEvidenceBuilder.Build(rollout, allRight, Now).Sequential);
    }

    [Fact]
    public void Build_ShadowWithKnownPairs_GivesStatsmodelsMcNemarAndDeLong()
    {
        var rollout = NewRollout(new RolloutPlan(RolloutKind.Shadow, 2));
        // b = 40 pairs only the champion got right, c = 60 only the shadow: statsmodels mcnemar(exact=False) gives 3.61, p = 0.0574.
        var pairs = new List<RolloutEvidenceRow>();
        pairs.AddRange(Repeat(25, () => Pair(0.9, 0.3, true)));
        pairs.AddRange(Repeat(15, () => Pair(0.2, 0.7, false)));
        pairs.AddRange(Repeat(35, () => Pair(0.4, 0.6, true)));
        pairs.AddRange(Repeat(25, () => Pair(0.55, 0.45, false)));
        pairs.AddRange(Repeat(100, () => Pair(0.8, 0.9, true)));
        pairs.AddRange(Repeat(10, () => Pair(0.1, 0.2, true)));
        pairs.AddRange(Repeat(30, () => Pair(0.1, 0.9, null))); // disagree, unlabelled
        pairs.AddRange(Repeat(40, () => Pair(0.1, 0.1, null)));
        pairs.Add(new RolloutEvidenceRow(Guid.NewGuid(), 0.9, 3, null)); // its champion prediction is gone: not a pair
        var champion = Arm(RolloutArm.Champion, pairs.Select(p => Row(p.PairedProbability ?? 0.5, p.Positive)).ToList());

        var evidence = RolloutEvidenceBuilder.Build(rollout, Rows(champion, shadow: Arm(RolloutArm.Shadow, pairs)), Now);

        var shadow = evidence.Shadow!;
        Assert.Equal(RolloutArm.Shadow, evidence.Candidate.Arm);
        Assert.Equal((280L, 210L, 130L), (shadow.Pairs, shadow.LabelledPairs, shadow.Disagreements));
        Expect.Close(130.0 / 280, shadow.DisagreementRate!.Value);
        var mcNemar = shadow.McNemar!;
        Assert.Equal((40L, 60L, false), (mcNemar.ChampionOnly, mcNemar.CandidateOnly, mcNemar.Exact));
        Expect.Close(3.61, mcNemar.Statistic);
        Expect.Close(0.05743311963200335, mcNemar.PValue);
        var labelled = pairs.Where(p => p.Positive is not null && p.PairedProbability is not null).ToList();
        Assert.Equal(DeLong.Compare(labelled.Select(p => p.Positive!.Value).ToArray(), labelled.Select(p => p.PairedProbability!.Value).ToArray(),
            labelled.Select(p => p.Probability).ToArray()), shadow.DeLong);
        Assert.Equal(ShadowComparison.MaxSamples, shadow.Samples.Count);
        Assert.Equal(new DisagreementSample(pairs[0].PairedId!.Value, 0.9, 0.3), shadow.Samples[0]);
        Assert.Null(evidence.SampleRatio);
        Assert.Null(evidence.Sequential);
    }

    [Fact]
    public void Compare_SmallDisagreement_UsesTheExactMcNemarAndNoDeLongForOneClass()
    {
        // b = 3, c = 9: the exact binomial test, p = 0.146; every label positive, so no AUC to compare.
        var pairs = Repeat(3, () => Pair(0.9, 0.1, true)).Concat(Repeat(9, () => Pair(0.1, 0.9, true))).ToList();

        var shadow = RolloutEvidenceBuilder.Compare(pairs);

        Assert.True(shadow.McNemar!.Exact);
        Expect.Close(0.14599609375, shadow.McNemar.PValue);
        Assert.Null(shadow.DeLong);
        Assert.Equal(12, shadow.Samples.Count);
    }

    [Fact]
    public void Compare_NoPairs_IsEmptyWithoutRates()
    {
        var shadow = RolloutEvidenceBuilder.Compare([]);

        Assert.Equal((0L, 0L, 0L, (double?)null, (McNemarResult?)null, (DeLongComparison?)null), (shadow.Pairs, shadow.LabelledPairs, shadow.Disagreements, shadow.DisagreementRate, shadow.McNemar, shadow.DeLong));
        Assert.Empty(shadow.Samples);
    }

    public static TheoryData<RolloutKind, string> EdgeCases() => new()
    {
        { RolloutKind.Canary, "empty" },
        { RolloutKind.Ab, "one class" },
        { RolloutKind.Ab, "all right" },
        { RolloutKind.Shadow, "empty" },
        { RolloutKind.Shadow, "one class" },
        { RolloutKind.Shadow, "identical" },
    };

    [Theory]
    [MemberData(nameof(EdgeCases))]
    public void Build_EdgeCases_SerializeWithTheStrictDefaultJsonOptions(RolloutKind kind, string shape)
    {
        // System.Text.Json throws on NaN and Infinity by default: the evidence must hold neither.
        var rows = shape switch
        {
            "one class" => [Pair(0.9, 0.8, true), Pair(0.2, 0.7, true)],
            "all right" => [Pair(0.9, 0.8, true), Pair(0.2, 0.1, false)],
            "identical" => [Pair(0.9, 0.9, true), Pair(0.2, 0.2, false), Pair(0.8, 0.8, true), Pair(0.3, 0.3, false)],
            _ => Array.Empty<RolloutEvidenceRow>(),
        };
        var arm = kind == RolloutKind.Shadow ? RolloutArm.Shadow : RolloutArm.Candidate;
        var evidence = RolloutEvidenceBuilder.Build(NewRollout(new RolloutPlan(kind, 2)),
            Rows(Arm(RolloutArm.Champion, rows), kind == RolloutKind.Shadow ? null : Arm(arm, rows), kind == RolloutKind.Shadow ? Arm(arm, rows) : null),
            Now, live: new RolloutLiveCounts(1, 2, 3, 4, 5, 6));

        var json = JsonSerializer.Serialize(evidence);

        Assert.DoesNotContain("NaN", json);
        Assert.Contains("\"ShadowShed\":6", json);
    }
}
