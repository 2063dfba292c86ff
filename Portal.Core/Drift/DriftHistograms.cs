using System.Globalization;
using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>Reference vs current histograms for the drift page and report (shares, so samples of any size compare).</summary>
public static class DriftHistograms
{
    /// <summary>Equal-width bins over reference and current together.</summary>
    public const int NumericBins = 20;

    /// <summary>The most frequent categories shown; the rest are summed into <see cref="OtherBin"/>.</summary>
    public const int TopCategories = 12;

    public const string OtherBin = "(other)";

    /// <summary>A numeric feature over <see cref="NumericBins"/> shared bins; <paramref name="currentSorted"/> is sorted and finite.</summary>
    public static FeatureHistogram Numeric(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        var refSorted = reference.SortedValues;
        if (refSorted.Length == 0 && currentSorted.Length == 0) return new FeatureHistogram(reference.Name, FeatureTypes.Numeric, [], [], [], []);
        var min = Math.Min(refSorted.Length > 0 ? refSorted[0] : double.MaxValue, currentSorted.Length > 0 ? currentSorted[0] : double.MaxValue);
        var max = Math.Max(refSorted.Length > 0 ? refSorted[^1] : double.MinValue, currentSorted.Length > 0 ? currentSorted[^1] : double.MinValue);
        var edges = Histogram.Edges(min, max, NumericBins);
        var rc = new long[NumericBins];
        var cc = new long[NumericBins];
        Histogram.CountSorted(refSorted, edges, rc);
        Histogram.CountSorted(currentSorted, edges, cc);
        var bins = new string[NumericBins];
        for (var i = 0; i < NumericBins; i++) bins[i] = $"{Label(edges[i])}–{Label(edges[i + 1])}";
        return new FeatureHistogram(reference.Name, FeatureTypes.Numeric, bins, edges, Shares(rc, refSorted.Length), Shares(cc, currentSorted.Length));
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
