namespace Portal.Core.Statistics;

/// <summary>
/// Ranks 1..n with ties given the mean of the ranks they span, as <c>scipy.stats.rankdata(x, method='average')</c>
/// (Sun &amp; Xu's <c>compute_midrank</c>). -0.0 and 0.0 are one value.
/// </summary>
internal static class Midranks
{
    public static double[] Of(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        var order = new int[n];
        var keys = values.ToArray();
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(keys, order);
        var ranks = new double[n];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start]) end++;
            // Positions start..end-1 (0-based) hold ranks start+1..end: their mean is (start + 1 + end) / 2.
            var rank = 0.5 * (start + 1 + end);
            for (var k = start; k < end; k++) ranks[order[k]] = rank;
            start = end;
        }
        return ranks;
    }
}
