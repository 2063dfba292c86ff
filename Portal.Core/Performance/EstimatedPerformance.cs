using Portal.Core.Predictions;

namespace Portal.Core.Performance;

/// <summary>CBPE over logged predictions, per version and per bucket, bucketed exactly as <see cref="RealizedPerformance"/>.</summary>
public static class EstimatedPerformance
{
    /// <param name="reference">Each version's estimation reference (null when it has none).</param>
    public static VersionEstimation Compute(IReadOnlyList<PredictionOutcome> outcomes, EstimationReference? reference, TimeSpan bucket)
    {
        if (reference is null) return new VersionEstimation(VersionEstimation.NotRecorded, null, new Dictionary<DateTimeOffset, EstimatedMetrics>());
        var buckets = outcomes.GroupBy(o => RealizedPerformance.BucketStart(o.At, bucket))
            .ToDictionary(g => g.Key, g => PerformanceEstimator.Estimate(reference, g.Select(o => o.Probability).ToArray())!);
        return new VersionEstimation(null, PerformanceEstimator.Estimate(reference, outcomes.Select(o => o.Probability).ToArray()), buckets);
    }
}
