namespace Portal.Core.Statistics;

/// <summary>
/// A quantile of a sample (e.g. a reservoir of latencies) as <c>numpy.percentile(x, 100 q)</c> with numpy's default linear
/// interpolation: h = q (n - 1), lo = floor(h), g = h - lo, and numpy 1.24's <c>_lerp</c>: a + (b - a) g, or
/// b - (b - a)(1 - g) when g &gt;= 0.5.
/// </summary>
public static class SampleQuantile
{
    /// <summary>The quantile <paramref name="q"/> (0..1) of unsorted values (copied and sorted); NaN for no values.</summary>
    public static double Of(ReadOnlySpan<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>The quantile <paramref name="q"/> (0..1) of values sorted ascending; NaN for no values.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (q is < 0 or > 1 || double.IsNaN(q)) throw new ArgumentOutOfRangeException(nameof(q), "The quantile must be between 0 and 1.");
        if (sorted.IsEmpty) return double.NaN;
        var h = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var g = h - lo;
        double a = sorted[lo], b = sorted[hi];
        var diff = b - a;
        return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
    }
}
