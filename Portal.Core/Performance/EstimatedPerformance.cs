using Portal.Core.Predictions;
using Portal.Core.Statistics;

namespace Portal.Core.Performance;

/// <summary>CBPE over logged predictions, per version and per bucket, bucketed exactly as <see cref="RealizedPerformance"/>.</summary>
public static class EstimatedPerformance
{
    /// <param name="outcomes">One version's predictions, in the order they were logged.</param>
    /// <param name="reference">The version's estimation reference (null when it has none).</param>
    public static VersionEstimation Compute(IReadOnlyList<PredictionOutcome> outcomes, EstimationReference? reference, TimeSpan bucket) =>
        Compute(outcomes.Select(o => o.Probability).ToArray(), outcomes.Select(o => o.At.UtcTicks).ToArray(), reference, bucket);

    /// <summary>
    /// The estimate of version <paramref name="version"/>'s rows of <paramref name="scores"/> predicted in [from, to),
    /// as <see cref="Compute(IReadOnlyList{PredictionOutcome}, EstimationReference?, TimeSpan)"/> computes it.
    /// </summary>
    public static VersionEstimation Compute(ServedScores scores, int version, DateTimeOffset from, DateTimeOffset to, EstimationReference? reference, TimeSpan bucket)
    {
        long start = from.UtcTicks, end = to.UtcTicks;
        var versions = scores.Versions;
        var ticks = scores.UtcTicks;
        var probabilities = scores.Probabilities;
        var n = 0;
        for (var i = 0; i < scores.Count; i++)
            if (versions[i] == version && ticks[i] >= start && ticks[i] < end) n++;
        var p = new double[n];
        var t = new long[n];
        for (int i = 0, k = 0; i < scores.Count; i++)
        {
            if (versions[i] != version || ticks[i] < start || ticks[i] >= end) continue;
            p[k] = probabilities[i];
            t[k++] = ticks[i];
        }

        return Compute(p, t, reference, bucket);
    }

    /// <summary>
    /// One version's rows (probability and UTC ticks, in logged order): calibrated and sorted once, each bucket's sums in
    /// row order and its ROC walk in the sorted order's subset, so every number is the one a bucket computed alone gives.
    /// </summary>
    private static VersionEstimation Compute(double[] probability, long[] utcTicks, EstimationReference? reference, TimeSpan bucket)
    {
        if (reference is null) return new VersionEstimation(VersionEstimation.NotRecorded, null, new Dictionary<DateTimeOffset, EstimatedMetrics>());
        var calibrated = reference.Calibration.ApplyAll(probability);
        var order = ScoreOrder.Descending(probability);
        // Buckets numbered in order of first appearance: the dictionary keeps that order, as the grouping it replaces did.
        var starts = new List<DateTimeOffset>();
        var ordinal = new Dictionary<DateTimeOffset, int>();
        var group = new int[probability.Length];
        for (var i = 0; i < probability.Length; i++)
        {
            var key = RealizedPerformance.BucketStart(new DateTimeOffset(utcTicks[i], TimeSpan.Zero), bucket);
            if (!ordinal.TryGetValue(key, out var g))
            {
                g = starts.Count;
                ordinal[key] = g;
                starts.Add(key);
            }

            group[i] = g;
        }

        var rows = RealizedPerformance.RowsOf(group, starts.Count);
        var sorted = ScoreOrder.Split(order, group, starts.Count);

        var buckets = new Dictionary<DateTimeOffset, EstimatedMetrics>(starts.Count);
        for (var g = 0; g < starts.Count; g++)
            buckets[starts[g]] = PerformanceEstimator.Estimate(reference, probability, calibrated, rows[g], sorted[g])!;
        var all = Enumerable.Range(0, probability.Length).ToArray();
        return new VersionEstimation(null, PerformanceEstimator.Estimate(reference, probability, calibrated, all, order), buckets);
    }
}
