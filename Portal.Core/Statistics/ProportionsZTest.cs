using MathNet.Numerics;

namespace Portal.Core.Statistics;

/// <summary>
/// Two-proportion z-test as Evidently's <c>_z_stat_test</c>: values equal to the first of the sorted union are 0,
/// all others 1; z = (p1 - p2) / sqrt(P (1 - P) (1/n1 + 1/n2)) with the pooled P; p = 2 (1 - Phi(|z|)).
/// When both samples hold one and the same single value, p = 1 (and z = 0).
/// </summary>
public static class ProportionsZTest
{
    /// <summary>The test from the count of "1" values (not the first category) and the sample sizes.</summary>
    public static StatTestResult Test(long referenceOnes, long referenceCount, long currentOnes, long currentCount)
    {
        double n1 = referenceCount, n2 = currentCount;
        var p1 = referenceOnes / n1;
        var p2 = currentOnes / n2;
        var pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
        var z = (p1 - p2) / Math.Sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        return new StatTestResult(z, TwoSidedPValue(z));
    }

    /// <summary>2 * (1 - norm.cdf(|z|)), evaluated the way scipy's ndtr rounds.</summary>
    public static double TwoSidedPValue(double z)
    {
        if (double.IsNaN(z)) return double.NaN;
        return 2 * (1 - NormalCdf(Math.Abs(z)));
    }

    /// <summary>cephes ndtr: 0.5 + 0.5 erf(x/sqrt2) near 0, otherwise from erfc.</summary>
    public static double NormalCdf(double a)
    {
        const double sqrtH = 7.07106781186547524401E-1;
        var x = a * sqrtH;
        var z = Math.Abs(x);
        if (z < sqrtH) return 0.5 + 0.5 * SpecialFunctions.Erf(x);
        var y = 0.5 * SpecialFunctions.Erfc(z);
        return x > 0 ? 1.0 - y : y;
    }
}
