using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// What a drift run needs from one feature of the reference data, computed once per model version: non-missing
/// values sorted (numeric) with their mean and population std, or category counts (categorical). A run then only
/// sorts and counts the current window. Missing values (NaN, ±infinity, null) are dropped, as Evidently drops them.
/// </summary>
public sealed class ReferenceProfile
{
    private ReferenceProfile(string name, string type, double[] sorted, int distinct, Dictionary<string, long> counts, long rows)
    {
        Name = name;
        Type = type;
        SortedValues = sorted;
        DistinctValues = distinct;
        CategoryCounts = counts;
        Rows = rows;
        Mean = Moments.Mean(sorted);
        StdDev = Moments.StdDev(sorted, Mean);
    }

    public string Name { get; }

    /// <summary><see cref="FeatureTypes.Numeric"/> or <see cref="FeatureTypes.Categorical"/>.</summary>
    public string Type { get; }

    /// <summary>Non-missing rows.</summary>
    public long Rows { get; }

    /// <summary>Sorted non-missing values (numeric; empty for categorical).</summary>
    public double[] SortedValues { get; }

    /// <summary>Distinct non-missing values.</summary>
    public int DistinctValues { get; }

    /// <summary>Count per category (categorical; empty for numeric).</summary>
    public IReadOnlyDictionary<string, long> CategoryCounts { get; }

    /// <summary>Mean of the numeric values (NaN for categorical).</summary>
    public double Mean { get; }

    /// <summary>Population standard deviation (ddof = 0, as np.std) of the numeric values (NaN for categorical).</summary>
    public double StdDev { get; }

    /// <summary>The profile of a numeric feature (NaN and ±infinity are missing).</summary>
    public static ReferenceProfile Numeric(string name, ReadOnlySpan<double> values)
    {
        var sorted = SortFinite(values);
        return new ReferenceProfile(name, FeatureTypes.Numeric, sorted, CountDistinctSorted(sorted), [], sorted.Length);
    }

    /// <summary>The profile of a categorical feature (null is missing).</summary>
    public static ReferenceProfile Categorical(string name, IReadOnlyList<string?> values)
    {
        var counts = CountCategories(values, out var rows);
        return new ReferenceProfile(name, FeatureTypes.Categorical, [], counts.Count, counts, rows);
    }

    /// <summary>
    /// The finite values (NaN and ±infinity dropped) sorted ascending, in a new array: what <see cref="SortedValues"/>
    /// holds and what <see cref="FeatureDriftCalculator.NumericSorted"/> expects of a current window. A radix sort:
    /// at a million values several times faster than <see cref="Array.Sort(Array)"/>, same order up to -0.0 before 0.0.
    /// </summary>
    public static double[] SortFinite(ReadOnlySpan<double> values) => RadixSort.SortFinite(values);

    /// <summary>As <see cref="SortFinite(ReadOnlySpan{double})"/>, into the start of <paramref name="destination"/> (room for every value); returns the count.</summary>
    public static int SortFinite(ReadOnlySpan<double> values, Span<double> destination) => RadixSort.SortFinite(values, destination);

    internal static int CountDistinctSorted(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0) return 0;
        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++) if (sorted[i] != sorted[i - 1]) distinct++;
        return distinct;
    }

    internal static Dictionary<string, long> CountCategories(IReadOnlyList<string?> values, out long rows)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        rows = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (v is null) continue;
            rows++;
            counts[v] = counts.TryGetValue(v, out var c) ? c + 1 : 1;
        }
        return counts;
    }
}
