namespace Portal.Core.Statistics;

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
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
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

    /// <summary>
    /// Counts of unsorted values per bin in one pass, as np.histogram does it for equal-width edges from
    /// <see cref="Edges"/>: the bin from (x - e0) * bins / (eN - e0), then corrected by one against the edges themselves,
    /// so the counts equal <see cref="CountSorted"/>'s. Values outside [e0, eN] and NaN are not counted.
    /// </summary>
    public static void Count(ReadOnlySpan<double> values, ReadOnlySpan<double> edges, Span<long> counts)
    {
        var bins = edges.Length - 1;
        if (counts.Length != bins) throw new ArgumentException("counts must have one slot per bin.");
        double first = edges[0], last = edges[bins];
        var norm = bins / (last - first);
        // Four interleaved tallies: consecutive values often fall in the same bin, and one counter would make every
        // increment wait for the previous one.
        Span<int> tallies = bins <= 256 ? stackalloc int[4 * bins] : new int[4 * bins];
        tallies.Clear();
        for (var k = 0; k < values.Length; k++)
        {
            var x = values[k];
            if (!(x >= first && x <= last)) continue;
            var i = (int)((x - first) * norm);
            if (i == bins) i--;
            if (x < edges[i]) i--;
            else if (i != bins - 1 && x >= edges[i + 1]) i++;
            tallies[((k & 3) * bins) + i]++;
        }
        for (var b = 0; b < bins; b++) counts[b] = (long)tallies[b] + tallies[bins + b] + tallies[2 * bins + b] + tallies[3 * bins + b];
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
