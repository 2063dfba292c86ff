using Portal.Core.Drift;

namespace Portal.Core.Statistics;

/// <summary>
/// Two-sample, two-sided Kolmogorov-Smirnov test exactly as <c>scipy.stats.ks_2samp(a, b)</c> (scipy 1.10,
/// method 'auto'): the exact p-value when both samples have at most 10,000 values (Hodges' path counting; if
/// that fails numerically, the asymptotic one), otherwise <c>kstwo.sf(D, round(m n / (m + n)))</c>.
/// Inputs must be sorted ascending and free of NaN (see <see cref="ReferenceProfile"/>); one merge walk, O(m + n).
/// </summary>
public static class KolmogorovSmirnov
{
    private const int MaxExactN = 10000;

    /// <summary>The test on two sorted samples.</summary>
    public static StatTestResult TestSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB)
    {
        if (sortedA.Length == 0 || sortedB.Length == 0) throw new ArgumentException("Data passed to the KS test must not be empty.");
        return FromStatistic(sortedA.Length, sortedB.Length, StatisticSorted(sortedA, sortedB));
    }

    /// <summary>
    /// The test once D is known (e.g. from <see cref="SortedComparison"/>): D itself, made exact on the lattice of the
    /// exact method for small samples, and its p-value.
    /// </summary>
    public static StatTestResult FromStatistic(int n1, int n2, double d)
    {
        if (n1 <= 0 || n2 <= 0) throw new ArgumentException("Data passed to the KS test must not be empty.");
        var g = Gcd(n1, n2);
        if (Math.Max(n1, n2) <= MaxExactN)
        {
            var (success, dExact, prob) = AttemptExact(n1, n2, g, d);
            if (success) return new StatTestResult(dExact, Math.Clamp(prob, 0, 1));
            d = dExact;
        }
        double m = Math.Max(n1, n2), n = Math.Min(n1, n2);
        var en = m * n / (m + n);
        var p = KolmogorovDistribution.TwoSidedSf((int)Math.Round(en, MidpointRounding.ToEven), d);
        return new StatTestResult(d, Math.Clamp(p, 0, 1));
    }

    /// <summary>The test on unsorted samples (sorted copies are made; NaN must already be removed).</summary>
    public static StatTestResult Test(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sa = a.ToArray();
        var sb = b.ToArray();
        RadixSort.Sort(sa);
        RadixSort.Sort(sb);
        return TestSorted(sa, sb);
    }

    /// <summary>D = max |F_a(x) - F_b(x)| over the pooled values, with scipy's rounding of each difference.</summary>
    public static double StatisticSorted(ReadOnlySpan<double> sortedA, ReadOnlySpan<double> sortedB) =>
        SortedComparison.Of(sortedA, sortedB).KsStatistic;

    private static int Gcd(int a, int b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>scipy's <c>_attempt_exact_2kssamp</c> for the two-sided alternative.</summary>
    private static (bool Success, double D, double Prob) AttemptExact(int n1, int n2, int g, double d)
    {
        long lcm = (long)(n1 / g) * n2;
        var h = (long)Math.Round(d * lcm, MidpointRounding.ToEven);
        d = h * 1.0 / lcm;
        if (h == 0) return (true, d, 1.0);
        var prob = n1 == n2 ? ProbOutsideSquare(n1, h) : OuterProbInsideMethod(n1, n2, g, h);
        if (double.IsNaN(prob) || double.IsInfinity(prob)) return (false, d, double.NaN);
        if (!(prob >= 0 && prob <= 1)) return (false, d, prob);
        return (true, d, prob);
    }

    /// <summary>scipy's <c>_compute_prob_outside_square</c>: Pr(D_{n,n} &gt;= h/n).</summary>
    internal static double ProbOutsideSquare(long n, long h)
    {
        var p = 0.0;
        var k = (long)Math.Floor((double)n / h);
        while (k >= 0)
        {
            var p1 = 1.0;
            for (long j = 0; j < h; j++) p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
            p = p1 * (1.0 - p);
            k--;
        }
        return 2 * p;
    }

    /// <summary>scipy's <c>_compute_outer_prob_inside_method</c> (Viehmann's recursion for 1 - p).</summary>
    internal static double OuterProbInsideMethod(long m, long n, long g, long h)
    {
        if (m < n) (m, n) = (n, m);
        var mg = m / g;
        var ng = n / g;
        long minj = 0, maxj = Math.Min((long)Math.Ceiling((double)h / mg), n + 1);
        var curlen = maxj - minj;
        var lenA = Math.Min(2 * maxj + 2, n + 1);
        var a = new double[lenA];
        Array.Fill(a, 1.0);
        for (var x = minj; x < maxj; x++) a[x] = 0.0;
        for (long i = 1; i <= m; i++)
        {
            long lastminj = minj, lastlen = curlen;
            minj = Math.Max((long)Math.Floor((double)(ng * i - h) / mg) + 1, 0);
            minj = Math.Min(minj, n);
            maxj = Math.Min((long)Math.Ceiling((double)(ng * i + h) / mg), n + 1);
            if (maxj <= minj) return 1.0;
            var val = minj == 0 ? 0.0 : 1.0;
            for (long jj = 0; jj < maxj - minj; jj++)
            {
                var j = jj + minj;
                val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
                a[jj] = val;
            }
            curlen = maxj - minj;
            if (lastlen > curlen)
            {
                var end = Math.Min(maxj - minj + (lastlen - curlen), lenA);
                for (var x = maxj - minj; x < end; x++) a[x] = 1.0;
            }
        }
        return a[maxj - minj - 1];
    }
}
