using System.Numerics;
using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// Drift of one feature between a reference profile and a current window, with the test Evidently would choose
/// (<see cref="DriftTestSelector"/>) and its default threshold, plus PSI and the mean shift for every feature.
/// Binning for PSI and Jensen-Shannon: numeric features use <see cref="Histogram.DefaultBins"/> equal-width bins over
/// reference and current together; categorical features use the share of each value of the union.
/// </summary>
public static class FeatureDriftCalculator
{
    /// <summary>Drift of a numeric feature from raw reference values (NaN and ±infinity are missing).</summary>
    public static FeatureDrift Numeric(string name, ReadOnlySpan<double> reference, ReadOnlySpan<double> current) =>
        Numeric(ReferenceProfile.Numeric(name, reference), current);

    /// <summary>Drift of a categorical feature from raw reference values (null is missing).</summary>
    public static FeatureDrift Categorical(string name, IReadOnlyList<string?> reference, IReadOnlyList<string?> current) =>
        Categorical(ReferenceProfile.Categorical(name, reference), current);

    /// <summary>Drift of a numeric feature against its reference profile (NaN and ±infinity are missing).</summary>
    public static FeatureDrift Numeric(ReferenceProfile reference, ReadOnlySpan<double> current)
    {
        using var sorted = SortedWindow.Of(current);
        return NumericSorted(reference, sorted.Values);
    }

    /// <summary>
    /// Drift of a numeric feature against its reference profile, given the current window already sorted and finite
    /// (<see cref="ReferenceProfile.SortFinite(ReadOnlySpan{double})"/>), so a caller that needs the sorted window too sorts it once.
    /// </summary>
    public static FeatureDrift NumericSorted(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        var refSorted = RequireNumeric(reference, currentSorted);
        // One merge walk gives the distinct count the selector needs and both KS D and the Wasserstein distance.
        var walk = SortedComparison.Of(refSorted, currentSorted);
        var test = DriftTestSelector.Select(FeatureTypes.Numeric, refSorted.Length, walk.DistinctValues);
        var (refShares, curShares) = BinSharesSorted(refSorted, currentSorted);
        var psi = PopulationStability.Index(refShares, curShares);

        var result = test switch
        {
            DriftTests.KolmogorovSmirnov => KolmogorovSmirnov.FromStatistic(refSorted.Length, currentSorted.Length, walk.KsStatistic),
            DriftTests.Wasserstein => new StatTestResult(walk.Wasserstein / Math.Max(reference.StdDev, Wasserstein.MinNorm), null),
            DriftTests.JensenShannon => new StatTestResult(JensenShannon.Distance(refShares, curShares), null),
            _ => CountTest(test, refSorted, currentSorted),
        };
        return Build(reference.Name, FeatureTypes.Numeric, test, result, psi, MeanShiftOf(reference, currentSorted));
    }

    /// <summary>Every numeric statistic (see <see cref="NumericDriftStatistics"/>) of a current window (NaN and ±infinity are missing).</summary>
    public static NumericDriftStatistics NumericStatistics(ReferenceProfile reference, ReadOnlySpan<double> current)
    {
        using var sorted = SortedWindow.Of(current);
        return NumericStatisticsSorted(reference, sorted.Values);
    }

    /// <summary>Every numeric statistic of a sorted, finite current window (<see cref="ReferenceProfile.SortFinite(ReadOnlySpan{double})"/>).</summary>
    public static NumericDriftStatistics NumericStatisticsSorted(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        var refSorted = RequireNumeric(reference, currentSorted);
        var walk = SortedComparison.Of(refSorted, currentSorted);
        var ks = KolmogorovSmirnov.FromStatistic(refSorted.Length, currentSorted.Length, walk.KsStatistic);
        var (refShares, curShares) = BinSharesSorted(refSorted, currentSorted);
        return new NumericDriftStatistics(reference.Name, refSorted.Length, currentSorted.Length, walk.DistinctValues,
            ks.Statistic, ks.PValue!.Value, walk.Wasserstein, walk.Wasserstein / Math.Max(reference.StdDev, Wasserstein.MinNorm),
            PopulationStability.Index(refShares, curShares), JensenShannon.Distance(refShares, curShares),
            MeanShiftOf(reference, currentSorted));
    }

    /// <summary>
    /// PSI/Jensen-Shannon shares of an unsorted current window (NaN and ±infinity are missing) without sorting it: one
    /// pass for its range, one to count it (<see cref="Histogram.Count"/>); the reference side by binary search on the
    /// profile. Same shares as <see cref="BinSharesSorted"/>, for callers that need no KS or Wasserstein.
    /// </summary>
    public static (double[] Reference, double[] Current) BinShares(ReferenceProfile reference, ReadOnlySpan<double> current)
    {
        var refSorted = reference.SortedValues;
        var (min, max, rows) = FiniteRange(current);
        if (reference.Type != FeatureTypes.Numeric || refSorted.Length == 0 || rows == 0)
            throw new ArgumentException($"Feature {reference.Name} has no non-missing values in the reference or the current data.");
        var edges = Histogram.Edges(Math.Min(refSorted[0], min), Math.Max(refSorted[^1], max));
        Span<long> refCounts = stackalloc long[edges.Length - 1];
        Span<long> curCounts = stackalloc long[edges.Length - 1];
        Histogram.CountSorted(refSorted, edges, refCounts);
        Histogram.Count(current, edges, curCounts);
        return (Shares(refCounts, refSorted.Length), Shares(curCounts, rows));
    }

    /// <summary>Shares per bin of <see cref="Histogram.DefaultBins"/> equal-width bins over both sorted samples together.</summary>
    public static (double[] Reference, double[] Current) BinSharesSorted(ReadOnlySpan<double> referenceSorted, ReadOnlySpan<double> currentSorted)
    {
        var edges = Histogram.Edges(Math.Min(referenceSorted[0], currentSorted[0]), Math.Max(referenceSorted[^1], currentSorted[^1]));
        Span<long> refCounts = stackalloc long[edges.Length - 1];
        Span<long> curCounts = stackalloc long[edges.Length - 1];
        Histogram.CountSorted(referenceSorted, edges, refCounts);
        Histogram.CountSorted(currentSorted, edges, curCounts);
        return (Shares(refCounts, referenceSorted.Length), Shares(curCounts, currentSorted.Length));
    }

    /// <summary>Smallest and largest finite value and how many there are, in one vectorised pass.</summary>
    private static (double Min, double Max, int Count) FiniteRange(ReadOnlySpan<double> values)
    {
        var min = new Vector<double>(double.PositiveInfinity);
        var max = new Vector<double>(double.NegativeInfinity);
        var infinity = new Vector<double>(double.PositiveInfinity);
        var missing = 0;
        var i = 0;
        for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            var v = new Vector<double>(values[i..]);
            var finite = Vector.LessThan(Vector.Abs(v), infinity); // false for NaN and ±infinity
            min = Vector.Min(min, Vector.ConditionalSelect(finite, v, infinity));
            max = Vector.Max(max, Vector.ConditionalSelect(finite, v, -infinity));
            missing += Vector<double>.Count + (int)Vector.Sum(finite); // true lanes are -1
        }
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var k = 0; k < Vector<double>.Count; k++)
        {
            lo = Math.Min(lo, min[k]);
            hi = Math.Max(hi, max[k]);
        }
        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i])) missing++;
            else
            {
                lo = Math.Min(lo, values[i]);
                hi = Math.Max(hi, values[i]);
            }
        }
        return (lo, hi, values.Length - missing);
    }

    private static double[] RequireNumeric(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        if (reference.Type != FeatureTypes.Numeric) throw new ArgumentException("The profile is not numeric.", nameof(reference));
        var refSorted = reference.SortedValues;
        if (refSorted.Length == 0 || currentSorted.Length == 0)
            throw new ArgumentException($"Feature {reference.Name} has no non-missing values in the reference or the current data.");
        return refSorted;
    }

    private static double? MeanShiftOf(ReferenceProfile reference, ReadOnlySpan<double> currentSorted)
    {
        var shift = MeanShift.InSigmas(reference.Mean, reference.StdDev, Moments.Mean(currentSorted));
        return double.IsFinite(shift) ? shift : null;
    }

    /// <summary>Chi-square or z-test on the counts of each distinct value (the selector picks them for at most 5 values).</summary>
    private static StatTestResult CountTest(string test, ReadOnlySpan<double> refSorted, ReadOnlySpan<double> curSorted)
    {
        var values = DistinctUnion(refSorted, curSorted);
        var rc = new long[values.Length];
        var cc = new long[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            rc[i] = Histogram.UpperBound(refSorted, values[i]) - Histogram.LowerBound(refSorted, values[i]);
            cc[i] = Histogram.UpperBound(curSorted, values[i]) - Histogram.LowerBound(curSorted, values[i]);
        }
        return CountTest(test, rc, cc, refSorted[0] == refSorted[^1] && curSorted[0] == curSorted[^1] && refSorted[0] == curSorted[0]);
    }

    /// <summary>Drift of a categorical feature against its reference profile.</summary>
    public static FeatureDrift Categorical(ReferenceProfile reference, IReadOnlyList<string?> current)
    {
        if (reference.Type != FeatureTypes.Categorical) throw new ArgumentException("The profile is not categorical.", nameof(reference));
        var curCounts = ReferenceProfile.CountCategories(current, out var curRows);
        if (reference.Rows == 0 || curRows == 0)
            throw new ArgumentException($"Feature {reference.Name} has no non-missing values in the reference or the current data.");

        var keys = new List<string>(reference.CategoryCounts.Keys);
        foreach (var key in curCounts.Keys) if (!reference.CategoryCounts.ContainsKey(key)) keys.Add(key);
        keys.Sort(string.CompareOrdinal);
        var rc = new long[keys.Count];
        var cc = new long[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            rc[i] = reference.CategoryCounts.TryGetValue(keys[i], out var r) ? r : 0;
            cc[i] = curCounts.TryGetValue(keys[i], out var c) ? c : 0;
        }
        var refShares = Shares(rc, reference.Rows);
        var curShares = Shares(cc, curRows);
        var psi = PopulationStability.Index(refShares, curShares);

        var test = DriftTestSelector.Select(FeatureTypes.Categorical, reference.Rows, keys.Count);
        var result = test == DriftTests.JensenShannon
            ? new StatTestResult(JensenShannon.Distance(refShares, curShares), null)
            : CountTest(test, rc, cc, reference.CategoryCounts.Count == 1 && curCounts.Count == 1 && keys.Count == 1);
        return Build(reference.Name, FeatureTypes.Categorical, test, result, psi, null);
    }

    private static StatTestResult CountTest(string test, long[] referenceCounts, long[] currentCounts, bool sameSingleValue)
    {
        if (test == DriftTests.ChiSquare) return ChiSquareTest.FromCounts(referenceCounts, currentCounts);
        // z-test: the first (smallest) value is 0, every other value 1.
        if (sameSingleValue) return new StatTestResult(0, 1.0);
        long refRows = 0, curRows = 0;
        for (var i = 0; i < referenceCounts.Length; i++)
        {
            refRows += referenceCounts[i];
            curRows += currentCounts[i];
        }
        return ProportionsZTest.Test(refRows - referenceCounts[0], refRows, curRows - currentCounts[0], curRows);
    }

    private static FeatureDrift Build(string name, string type, string test, StatTestResult result, double psi, double? shift)
    {
        var threshold = DriftTests.DefaultThreshold(test);
        var drifted = DriftTests.IsPValueTest(test) ? result.PValue < threshold : result.Statistic >= threshold;
        return new FeatureDrift(name, type, test, result.Statistic, result.PValue, threshold, drifted, psi, shift);
    }

    private static double[] Shares(ReadOnlySpan<long> counts, long total)
    {
        var shares = new double[counts.Length];
        for (var i = 0; i < counts.Length; i++) shares[i] = (double)counts[i] / total;
        return shares;
    }

    private static double[] DistinctUnion(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var result = new List<double>();
        int i = 0, j = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length ? a[i] : i >= a.Length ? b[j] : Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            result.Add(v);
        }
        return [.. result];
    }
}
