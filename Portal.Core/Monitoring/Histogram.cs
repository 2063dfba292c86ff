namespace Portal.Core.Monitoring;

/// <summary>
/// Equal-width bins as <c>np.histogram_bin_edges(concat(reference, current), bins)</c> and counts as
/// <c>np.histogram(x, edges)</c> (each bin [e_i, e_i+1), the last one closed), counted on sorted data by binary
/// search: O(bins log n), so a stored sorted reference is never rescanned.
/// </summary>
public static class Histogram
{
    /// <summary>Evidently's default bin count for PSI and Jensen-Shannon.</summary>
    public const int DefaultBins = 30;

    /// <summary>np.linspace(min, max, bins + 1): edge_i = i * step + min, the last edge exactly max; a constant range becomes [min - 0.5, max + 0.5].</summary>
    public static double[] Edges(double min, double max, int bins = DefaultBins)
    {
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins));
        if (!double.IsFinite(min) || !double.IsFinite(max)) throw new ArgumentException("Histogram range must be finite.");
        if (min == max)
        {
            min -= 0.5;
            max += 0.5;
        }
        var edges = new double[bins + 1];
        var step = (max - min) / bins;
        for (var i = 0; i <= bins; i++) edges[i] = i * step + min;
        edges[bins] = max;
        return edges;
    }

    /// <summary>Counts of sorted values per bin (np.histogram with explicit edges).</summary>
    public static void CountSorted(ReadOnlySpan<double> sorted, ReadOnlySpan<double> edges, Span<long> counts)
    {
        var bins = edges.Length - 1;
        if (counts.Length != bins) throw new ArgumentException("counts must have one slot per bin.");
        var previous = LowerBound(sorted, edges[0]);
        for (var b = 0; b < bins; b++)
        {
            var next = b == bins - 1 ? UpperBound(sorted, edges[b + 1]) : LowerBound(sorted, edges[b + 1]);
            counts[b] = next - previous;
            previous = next;
        }
    }

    /// <summary>The first index whose value is &gt;= x (searchsorted side='left').</summary>
    public static int LowerBound(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The first index whose value is &gt; x (searchsorted side='right').</summary>
    public static int UpperBound(ReadOnlySpan<double> sorted, double x)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (int)((uint)(lo + hi) >> 1);
            if (sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
