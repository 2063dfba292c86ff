namespace Portal.Core.Monitoring;

/// <summary>
/// First Wasserstein distance between two empirical distributions, as <c>scipy.stats.wasserstein_distance(u, v)</c>
/// computes it (the integral of |U - V| between consecutive pooled values), by one merge walk over sorted inputs.
/// </summary>
public static class Wasserstein
{
    /// <summary>The smallest reference standard deviation Evidently divides by.</summary>
    public const double MinNorm = 0.001;

    /// <summary>W1(u, v) for sorted, NaN-free samples.</summary>
    public static double DistanceSorted(ReadOnlySpan<double> sortedU, ReadOnlySpan<double> sortedV)
    {
        var nu = sortedU.Length;
        var nv = sortedV.Length;
        if (nu == 0 || nv == 0) throw new ArgumentException("Distribution can't be empty.");
        double dnu = nu, dnv = nv;
        int i = 0, j = 0;
        double sum = 0, comp = 0;
        var v = Math.Min(sortedU[0], sortedV[0]);
        while (true)
        {
            while (i < nu && sortedU[i] <= v) i++;
            while (j < nv && sortedV[j] <= v) j++;
            if (i >= nu && j >= nv) break;
            double next;
            if (i >= nu) next = sortedV[j];
            else if (j >= nv) next = sortedU[i];
            else next = Math.Min(sortedU[i], sortedV[j]);
            var term = Math.Abs(i / dnu - j / dnv) * (next - v);
            var t = sum + term;
            comp += sum >= term ? (sum - t) + term : (term - t) + sum;
            sum = t;
            v = next;
        }
        return sum + comp;
    }

    /// <summary>Evidently's normed distance: W1(reference, current) / max(std(reference, ddof=0), 0.001).</summary>
    public static double NormedSorted(ReadOnlySpan<double> sortedReference, ReadOnlySpan<double> sortedCurrent, double referenceStd) =>
        DistanceSorted(sortedReference, sortedCurrent) / Math.Max(referenceStd, MinNorm);
}
