namespace Portal.Core.Statistics;

/// <summary>
/// First Wasserstein distance between two empirical distributions, as <c>scipy.stats.wasserstein_distance(u, v)</c>
/// computes it (the integral of |U - V| between consecutive pooled values), by one merge walk over sorted inputs.
/// </summary>
public static class Wasserstein
{
    /// <summary>The smallest reference standard deviation Evidently divides by.</summary>
    public const double MinNorm = 0.001;

    /// <summary>W1(u, v) for sorted, NaN-free samples (one merge walk, see <see cref="SortedComparison"/>).</summary>
    public static double DistanceSorted(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        if (sortedU.Length == 0 || sortedV.Length == 0) throw new ArgumentException("Distribution can't be empty.");
        return SortedComparison.Of(sortedU, sortedV).Wasserstein;
    }

    /// <summary>Evidently's normed distance: W1(reference, current) / max(std(reference, ddof=0), 0.001).</summary>
    public static double NormedSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double referenceStd) =>
        DistanceSorted(sortedReference, sortedCurrent) / Math.Max(referenceStd, MinNorm);
}
