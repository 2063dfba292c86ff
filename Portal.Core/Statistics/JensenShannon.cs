namespace Portal.Core.Statistics;

/// <summary>
/// Jensen-Shannon distance as <c>scipy.spatial.distance.jensenshannon(p, q, base)</c>: both vectors are normalised
/// to sum 1, m = (p + q) / 2, distance = sqrt((KL(p||m) + KL(q||m)) / 2 / ln(base)). Evidently passes base 2.
/// </summary>
public static class JensenShannon
{
    /// <summary>Evidently's <c>jensenshannon</c> stat test calls scipy with base = 2.</summary>
    public const double EvidentlyBase = 2.0;

    /// <summary>The distance between two non-negative vectors of the same length (shares or counts).</summary>
    public static double Distance(ReadOnlySpan<double> p, ReadOnlySpan<double> q, double logBase = EvidentlyBase)
    {
        if (p.Length != q.Length) throw new ArgumentException("p and q must have the same length.");
        double sp = 0, sq = 0;
        for (var i = 0; i < p.Length; i++)
        {
            sp += p[i];
            sq += q[i];
        }
        double left = 0, right = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var pi = p[i] / sp;
            var qi = q[i] / sq;
            var m = (pi + qi) / 2.0;
            left += RelEntr(pi, m);
            right += RelEntr(qi, m);
        }
        var js = left + right;
        if (!double.IsNaN(logBase)) js /= Math.Log(logBase);
        return Math.Sqrt(js / 2.0);
    }

    private static double RelEntr(double x, double y)
    {
        if (x > 0 && y > 0) return x * Math.Log(x / y);
        if (x == 0 && y >= 0) return 0;
        return double.PositiveInfinity;
    }
}
