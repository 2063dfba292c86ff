using MathNet.Numerics;

namespace Portal.Core.Statistics;

/// <summary>
/// Pearson's chi-square goodness-of-fit test as <c>scipy.stats.chisquare(f_obs, f_exp)</c>: statistic
/// sum((obs - exp)^2 / exp), p-value <c>chi2.sf(stat, k - 1)</c> = Q((k - 1) / 2, stat / 2).
/// </summary>
public static class ChiSquareTest
{
    /// <summary>The test of observed against expected frequencies.</summary>
    public static StatTestResult Test(ReadOnlySpan<double> observed, ReadOnlySpan<double> expected)
    {
        if (observed.Length != expected.Length) throw new ArgumentException("observed and expected must have the same length.");
        if (observed.Length < 2) return new StatTestResult(0, double.NaN);
        var stat = 0.0;
        for (var i = 0; i < observed.Length; i++)
        {
            var d = observed[i] - expected[i];
            stat += d * d / expected[i];
        }
        return new StatTestResult(stat, ChiSquareSf(stat, observed.Length - 1));
    }

    /// <summary>
    /// Evidently's <c>_chi_stat_test</c>: categories are the union of both samples; expected = reference counts
    /// scaled by n(current) / n(reference); observed = current counts.
    /// </summary>
    public static StatTestResult FromCounts(ReadOnlySpan<long> referenceCounts, ReadOnlySpan<long> currentCounts)
    {
        if (referenceCounts.Length != currentCounts.Length) throw new ArgumentException("Counts must have the same length.");
        long nRef = 0, nCur = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            nRef += referenceCounts[i];
            nCur += currentCounts[i];
        }
        var kNorm = (double)nCur / nRef;
        var observed = new double[currentCounts.Length];
        var expected = new double[currentCounts.Length];
        for (var i = 0; i < observed.Length; i++)
        {
            observed[i] = currentCounts[i];
            expected[i] = referenceCounts[i] * kNorm;
        }
        return Test(observed, expected);
    }

    /// <summary>Survival function of the chi-square distribution (scipy <c>chdtrc</c>).</summary>
    public static double ChiSquareSf(double x, double degreesOfFreedom)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (double.IsPositiveInfinity(x)) return 0.0;
        if (x <= 0) return 1.0;
        return SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);
    }
}
