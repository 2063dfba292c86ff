using System.Globalization;
using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>Reference vs current histograms for the drift page and report (shares, so samples of any size compare).</summary>
public static class DriftHistograms
{
    /// <summary>Equal-width bins over the reference (training) range.</summary>
    public const int NumericBins = 20;

    /// <summary>The bin label prefixes for current values below / above the training range.</summary>
    public const string UnderflowPrefix = "< ";
    public const string OverflowPrefix = "> ";

    /// <summary>The most frequent categories shown; the rest are summed into <see cref="OtherBin"/>.</summary>
    public const int TopCategories = 12;

    public const string OtherBin = "(other)";

    /// <summary>
    /// A numeric feature over <see cref="NumericBins"/> bins spanning the reference (training) range, so one outlier
    /// (glucose -500) cannot stretch the axis and squeeze the real data into a few bars; current values below or above
    /// that range are counted in an underflow ("&lt; min") or overflow ("&gt; max") bin, present only when it holds any.
    /// With no reference values the current ones set the range. <paramref name="currentSorted"/> is sorted and finite.
    /// Display only: the drift statistics bin both samples together, as scipy and Evidently do.
    /// </summary>
    public static FeatureHistogram Numeric(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        var refSorted = reference.SortedValues;
        if (refSorted.Length == 0 && currentSorted.Length == 0) return new FeatureHistogram(reference.Name, FeatureTypes.Numeric, [], [], [], []);
        var range = refSorted.Length > 0 ? refSorted : currentSorted;
        var edges = Histogram.Edges(range[0], range[^1], NumericBins);
        var rc = new long[NumericBins];
        var cc = new long[NumericBins];
        Histogram.CountSorted(refSorted, edges, rc);
        Histogram.CountSorted(currentSorted, edges, cc);
        long under = Histogram.LowerBound(currentSorted, edges[0]);
        long over = currentSorted.Length - Histogram.UpperBound(currentSorted, edges[^1]);

        long refTotal = refSorted.Length, curTotal = currentSorted.Length;
        var bins = new List<string>(NumericBins + 2);
        var r = new List<double>(NumericBins + 2);
        var c = new List<double>(NumericBins + 2);
        if (under > 0) Add(UnderflowPrefix + Label(edges[0]), 0, under);
        for (var i = 0; i < NumericBins; i++) Add($"{Label(edges[i])}–{Label(edges[i + 1])}", rc[i], cc[i]);
        if (over > 0) Add(OverflowPrefix + Label(edges[^1]), 0, over);
        return new FeatureHistogram(reference.Name, FeatureTypes.Numeric, bins, edges, r, c) { Underflow = under > 0, Overflow = over > 0 };

        void Add(string bin, long referenceCount, long currentCount)
        {
            bins.Add(bin);
            r.Add(refTotal == 0 ? 0 : (double)referenceCount / refTotal);
            c.Add(curTotal == 0 ? 0 : (double)currentCount / curTotal);
        }
    }

    /// <summary>A categorical feature: the top categories of reference and current together, then "(other)" when any are left.</summary>
    public static FeatureHistogram Categorical(ReferenceProfile reference, IReadOnlyDictionary<string, long> currentCounts, long currentRows)
    {
        var combined = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, count) in reference.CategoryCounts) combined[key] = reference.Rows == 0 ? 0 : (double)count / reference.Rows;
        foreach (var (key, count) in currentCounts)
            combined[key] = combined.GetValueOrDefault(key) + (currentRows == 0 ? 0 : (double)count / currentRows);
        var top = combined.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(TopCategories).Select(p => p.Key).ToList();
        var rest = combined.Count > top.Count;
        var bins = new List<string>(top);
        if (rest) bins.Add(OtherBin);
        var r = new double[bins.Count];
        var c = new double[bins.Count];
        for (var i = 0; i < top.Count; i++)
        {
            r[i] = reference.Rows == 0 ? 0 : (double)reference.CategoryCounts.GetValueOrDefault(top[i]) / reference.Rows;
            c[i] = currentRows == 0 ? 0 : (double)currentCounts.GetValueOrDefault(top[i]) / currentRows;
        }
        if (rest)
        {
            r[^1] = Math.Max(0, 1 - r[..^1].Sum());
            c[^1] = Math.Max(0, 1 - c[..^1].Sum());
        }
        return new FeatureHistogram(reference.Name, FeatureTypes.Categorical, bins, null, r, c);
    }

    private static double[] Shares(long[] counts, long total)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++) shares[i] = total == 0 ? 0 : (double)counts[i] / total;
        return shares;
    }

    private static string Label(double x) => x.ToString("G4", CultureInfo.InvariantCulture);
}
