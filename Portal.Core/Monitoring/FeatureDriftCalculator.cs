namespace Portal.Core.Monitoring;

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

    /// <summary>Drift of a numeric feature against its reference profile.</summary>
    public static FeatureDrift Numeric(ReferenceProfile reference, ReadOnlySpan<double> current)
    {
        if (reference.Type != FeatureTypes.Numeric) throw new ArgumentException("The profile is not numeric.", nameof(reference));
        var refSorted = reference.SortedValues;
        var curSorted = ReferenceProfile.SortFinite(current);
        if (refSorted.Length == 0 || curSorted.Length == 0)
            throw new ArgumentException($"Feature {reference.Name} has no non-missing values in the reference or the current data.");

        var distinct = CountDistinctUnion(refSorted, curSorted);
        var test = DriftTestSelector.Select(FeatureTypes.Numeric, refSorted.Length, distinct);

        var edges = Histogram.Edges(Math.Min(refSorted[0], curSorted[0]), Math.Max(refSorted[^1], curSorted[^1]));
        Span<long> refCounts = stackalloc long[edges.Length - 1];
        Span<long> curCounts = stackalloc long[edges.Length - 1];
        Histogram.CountSorted(refSorted, edges, refCounts);
        Histogram.CountSorted(curSorted, edges, curCounts);
        var refShares = Shares(refCounts, refSorted.Length);
        var curShares = Shares(curCounts, curSorted.Length);
        var psi = PopulationStability.Index(refShares, curShares);

        StatTestResult result;
        switch (test)
        {
            case DriftTests.KolmogorovSmirnov:
                result = KolmogorovSmirnov.TestSorted(refSorted, curSorted);
                break;
            case DriftTests.Wasserstein:
                result = new StatTestResult(Wasserstein.NormedSorted(refSorted, curSorted, reference.StdDev), null);
                break;
            case DriftTests.JensenShannon:
                result = new StatTestResult(JensenShannon.Distance(refShares, curShares), null);
                break;
            default:
                var values = DistinctUnion(refSorted, curSorted);
                var rc = new long[values.Length];
                var cc = new long[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    rc[i] = Histogram.UpperBound(refSorted, values[i]) - Histogram.LowerBound(refSorted, values[i]);
                    cc[i] = Histogram.UpperBound(curSorted, values[i]) - Histogram.LowerBound(curSorted, values[i]);
                }
                result = CountTest(test, rc, cc, refSorted[0] == refSorted[^1] && curSorted[0] == curSorted[^1] && refSorted[0] == curSorted[0]);
                break;
        }

        var shift = MeanShift.InSigmas(reference.Mean, reference.StdDev, Moments.Mean(curSorted));
        return Build(reference.Name, FeatureTypes.Numeric, test, result, psi, double.IsFinite(shift) ? shift : null);
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

    private static int CountDistinctUnion(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int i = 0, j = 0, distinct = 0;
        while (i < a.Length || j < b.Length)
        {
            var v = j >= b.Length ? a[i] : i >= a.Length ? b[j] : Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] == v) i++;
            while (j < b.Length && b[j] == v) j++;
            distinct++;
        }
        return distinct;
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
