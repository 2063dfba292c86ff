using Portal.Core.Performance;
using Portal.Core.Statistics;
using Portal.Core.Training;

namespace Portal.Core.Rollouts;

/// <summary>
/// Turns a rollout's rows (<see cref="IRolloutEvidenceStore"/>) into its <see cref="RolloutEvidence"/>: pure, no clock, no
/// I/O. Realized metrics are <see cref="RealizedPerformance"/>'s (so they mean what the Performance tab shows); a row is
/// predicted positive and correct by <see cref="BinaryMetrics.Threshold"/>, as those metrics count it.
/// </summary>
public static class RolloutEvidenceBuilder
{
    /// <summary>The sequential test's settings (<see cref="RolloutDefaults.SequentialTau"/>, <see cref="RolloutDefaults.SequentialAlpha"/>).</summary>
    public static SequentialTestOptions SequentialOptions { get; } = new(RolloutDefaults.SequentialTau, RolloutDefaults.SequentialAlpha);

    /// <summary>
    /// The evidence at <paramref name="at"/>. A/B and canary: the sample ratio of the step's counts against the current
    /// split, and the mSPRT on labelled accuracy resumed from the previous look's p-value and decision (stored with the
    /// rollout's last decision; p = 1 and undecided at the first look). Shadow: the paired comparison instead. Each arm is
    /// also estimated (CBPE) with its version's reference from <paramref name="references"/> when the plan judges gates on
    /// estimates.
    /// </summary>
    public static RolloutEvidence Build(Rollout rollout, RolloutEvidenceRows rows, DateTimeOffset at,
        double previousPValue = 1, SequentialDecision previousDecision = SequentialDecision.Undecided, RolloutLiveCounts? live = null,
        IReadOnlyDictionary<int, EstimationReference>? references = null)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(rows);
        var shadow = rollout.Kind == RolloutKind.Shadow;
        var estimate = rollout.Plan.EstimatesGates ? references : null;
        var championRows = rows.Champion;
        var candidateRows = shadow ? rows.Shadow : rows.Candidate;
        var champion = Arm(championRows, estimate?.GetValueOrDefault(championRows.Version));
        var candidate = Arm(candidateRows, estimate?.GetValueOrDefault(candidateRows.Version));
        return new RolloutEvidence(rollout.Id, at, rows.Since, rows.StepSince, champion, candidate,
            shadow ? Compare(rows.Shadow.Rows) : null,
            shadow ? null : SampleRatio(rollout.CandidateBasisPoints, champion.StepPredictions, candidate.StepPredictions),
            shadow ? null : Sequential(champion, candidate, SequentialLook.Resume(previousPValue, previousDecision)),
            live);
    }

    /// <summary>
    /// One arm's evidence: exact counts from the store, quantiles and realized metrics from its rows, and with a
    /// <paramref name="reference"/> the metrics estimated without labels over the same rows (labelled or not).
    /// </summary>
    public static ArmEvidence Arm(RolloutArmRows arm, EstimationReference? reference = null)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var latencies = new double[arm.Rows.Count];
        var actual = new List<bool>();
        var probability = new List<double>();
        long correct = 0;
        for (var i = 0; i < arm.Rows.Count; i++)
        {
            var row = arm.Rows[i];
            latencies[i] = row.LatencyMs;
            if (row.Positive is not { } positive) continue;
            actual.Add(positive);
            probability.Add(row.Probability);
            if (row.Probability >= BinaryMetrics.Threshold == positive) correct++;
        }

        Array.Sort(latencies);
        var metrics = RealizedPerformance.Metrics(null, arm.Rows.Count, actual, probability);
        return new ArmEvidence(arm.Arm, arm.Version, arm.Predictions, arm.PredictedPositive,
            arm.Predictions == 0 ? null : (double)arm.PredictedPositive / arm.Predictions,
            Finite(SampleQuantile.OfSorted(latencies, 0.5)), Finite(SampleQuantile.OfSorted(latencies, 0.95)),
            arm.Labelled, arm.StepPredictions, actual.Count, correct,
            Finite(metrics.Auc), Finite(metrics.F1), Finite(metrics.Brier), Finite(metrics.Accuracy),
            reference is null ? null : PerformanceEstimator.Estimate(reference, arm.Rows.Select(r => r.Probability).ToList()));
    }

    /// <summary>
    /// The observed split since the step began against the plan's (champion 100% - share, candidate share); null while
    /// the split is all or nothing (a canary at 100% has no ratio to check, and a zero weight would make the statistic infinite).
    /// </summary>
    public static SampleRatioResult? SampleRatio(int candidateBasisPoints, long championServed, long candidateServed)
    {
        if (candidateBasisPoints is <= 0 or >= ArmAssigner.Buckets) return null;
        var result = SampleRatioMismatch.Test([championServed, candidateServed], [ArmAssigner.Buckets - candidateBasisPoints, candidateBasisPoints]);
        return double.IsFinite(result.Statistic) && double.IsFinite(result.PValue) ? result : null;
    }

    /// <summary>
    /// The mSPRT on labelled accuracy, candidate against champion, continued from <paramref name="previous"/>. Null while it
    /// has no evidence (an arm without labelled rows, or no spread: every row right, or every row wrong, on both arms):
    /// such a look changes nothing, and its interval is unbounded (not a JSON number).
    /// </summary>
    public static SequentialLook? Sequential(ArmEvidence champion, ArmEvidence candidate, SequentialLook previous)
    {
        if (champion.MetricRows == 0 || candidate.MetricRows == 0) return null;
        var look = MixtureSprt.Rates(champion.Correct, champion.MetricRows, candidate.Correct, candidate.MetricRows, SequentialOptions, previous);
        return look.Variance > 0 && double.IsFinite(look.Interval.Lower) && double.IsFinite(look.Interval.Upper) && double.IsFinite(look.LogLikelihoodRatio)
            ? look : null;
    }

    /// <summary>
    /// The shadow's paired comparison over its rows that have their champion's prediction: disagreement (predicted labels
    /// differ), McNemar on correct/incorrect and DeLong on the AUCs of the labelled pairs.
    /// </summary>
    public static ShadowComparison Compare(IReadOnlyList<RolloutEvidenceRow> shadowRows)
    {
        ArgumentNullException.ThrowIfNull(shadowRows);
        long pairs = 0, disagreements = 0;
        var samples = new List<DisagreementSample>();
        var labels = new List<bool>();
        var championScores = new List<double>();
        var shadowScores = new List<double>();
        foreach (var row in shadowRows)
        {
            if (row.PairedProbability is not { } championProbability) continue;
            pairs++;
            if (championProbability >= BinaryMetrics.Threshold != row.Probability >= BinaryMetrics.Threshold)
            {
                disagreements++;
                if (samples.Count < ShadowComparison.MaxSamples && row.PairedId is { } championId)
                    samples.Add(new DisagreementSample(championId, championProbability, row.Probability));
            }

            if (row.Positive is not { } positive) continue;
            labels.Add(positive);
            championScores.Add(championProbability);
            shadowScores.Add(row.Probability);
        }

        McNemarResult? mcNemar = null;
        DeLongComparison? deLong = null;
        if (labels.Count > 0)
        {
            var championCorrect = new bool[labels.Count];
            var shadowCorrect = new bool[labels.Count];
            for (var i = 0; i < labels.Count; i++)
            {
                championCorrect[i] = championScores[i] >= BinaryMetrics.Threshold == labels[i];
                shadowCorrect[i] = shadowScores[i] >= BinaryMetrics.Threshold == labels[i];
            }

            mcNemar = McNemarTest.Test(championCorrect, shadowCorrect);
            var compared = DeLong.Compare(labels.ToArray(), championScores.ToArray(), shadowScores.ToArray());
            // Not defined (one class, too few of one) or without spread (z infinite): no comparison to show or judge.
            if (compared.IsDefined && double.IsFinite(compared.Z) && double.IsFinite(compared.PValue)) deLong = compared;
        }

        return new ShadowComparison(pairs, labels.Count, disagreements, pairs == 0 ? null : (double)disagreements / pairs, mcNemar, deLong, samples);
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
