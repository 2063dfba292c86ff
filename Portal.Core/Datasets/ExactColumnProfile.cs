namespace Portal.Core.Datasets;

/// <summary>
/// A streamed column's profile from its exact value counts, computed as <see cref="DatasetProfiler"/> computes it from the
/// materialised column (same sums in the same order, numpy's linear quantiles, the same bins), without expanding the
/// values: each distinct number is visited with its count.
/// </summary>
internal static class ExactColumnProfile
{
    public static ColumnProfile Build(ColumnAccumulator column, int rows, List<DatasetIssue> issues)
    {
        var counts = column.Counts!;
        var present = column.Present;
        var numeric = new List<(double Value, int Count)>(counts.Count);
        var numericCount = 0;
        string? firstNonNumber = null;
        var firstNonNumberLine = int.MaxValue;
        foreach (var (value, tally) in counts)
        {
            if (ColumnTypeInference.TryParseNumber(value, out var number))
            {
                numeric.Add((number, tally.Count));
                numericCount += tally.Count;
            }
            else if (tally.FirstLine < firstNonNumberLine)
            {
                firstNonNumber = value;
                firstNonNumberLine = tally.FirstLine;
            }
        }

        var type = ColumnTypeInference.Infer(counts.Keys, present, numericCount == present);
        NumericSummary? summary = null;
        Histogram? histogram = null;
        IReadOnlyList<CategoryCount>? top = null;
        var identifier = false;
        if (type == ColumnType.Numeric)
        {
            var values = Merge(numeric);
            summary = Summarize(values, present);
            histogram = BuildHistogram(values, present);
            identifier = counts.Count == present && present >= DatasetProfiler.MinIdentifierRows && IsIntegerSequence(values, present);
        }
        else if (present > 0)
        {
            top = counts
                .OrderByDescending(kv => kv.Value.Count)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(DatasetProfiler.MaxTopCategories)
                .Select(kv => new CategoryCount(kv.Key, kv.Value.Count))
                .ToArray();
            identifier = counts.Count == present && present >= DatasetProfiler.MinIdentifierRows && numericCount == 0;
        }

        StreamedColumnIssues.Add(issues, new StreamedColumnFacts(
            column.Name, type, rows, present, column.Missing, counts.Count, DistinctEstimated: false,
            () => counts.ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal),
            counts.Count == 1 ? counts.Keys.First() : null, identifier, numericCount, firstNonNumber, firstNonNumberLine));
        return new ColumnProfile(column.Name, type, column.Missing, counts.Count, summary, top, histogram);
    }

    /// <summary>Distinct numbers ascending with their counts ("1" and "1.0" are one number).</summary>
    private static (double Value, int Count)[] Merge(List<(double Value, int Count)> numeric)
    {
        numeric.Sort((a, b) => a.Value.CompareTo(b.Value));
        var merged = new List<(double Value, int Count)>(numeric.Count);
        foreach (var (value, count) in numeric)
        {
            if (merged.Count > 0 && merged[^1].Value == value) merged[^1] = (merged[^1].Value, merged[^1].Count + count);
            else merged.Add((value, count));
        }

        return merged.ToArray();
    }

    private static NumericSummary Summarize((double Value, int Count)[] values, int n)
    {
        // Added one by one in ascending order, as the reference sums its sorted array, so the digits agree.
        double sum = 0;
        foreach (var (x, count) in values)
            for (var i = 0; i < count; i++) sum += x;
        var mean = sum / n;
        double squares = 0;
        foreach (var (x, count) in values)
            for (var i = 0; i < count; i++) squares += (x - mean) * (x - mean);
        var std = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        var ends = new long[values.Length];
        long cumulative = 0;
        for (var i = 0; i < values.Length; i++) ends[i] = cumulative += values[i].Count;
        return new NumericSummary(
            values[0].Value, values[^1].Value, mean, std,
            Quantile(values, ends, n, 0.05), Quantile(values, ends, n, 0.25), Quantile(values, ends, n, 0.5),
            Quantile(values, ends, n, 0.75), Quantile(values, ends, n, 0.95));
    }

    /// <summary>numpy.quantile's default ('linear') over the expanded values, as <see cref="DatasetProfiler.Quantile"/>.</summary>
    private static double Quantile((double Value, int Count)[] values, long[] ends, int n, double q)
    {
        var h = q * (n - 1);
        var lo = (long)Math.Floor(h);
        if (lo >= n - 1) return values[^1].Value;
        var t = h - lo;
        double a = At(values, ends, lo), b = At(values, ends, lo + 1);
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    /// <summary>The value at 0-based position <paramref name="index"/> of the expanded sorted values.</summary>
    private static double At((double Value, int Count)[] values, long[] ends, long index)
    {
        var i = Array.BinarySearch(ends, index + 1);
        return values[i >= 0 ? i : ~i].Value;
    }

    private static Histogram BuildHistogram((double Value, int Count)[] values, int n)
    {
        double min = values[0].Value, max = values[^1].Value;
        if (min == max) return new Histogram([min - 0.5, max + 0.5], [n]);

        var bins = Math.Min(DatasetProfiler.MaxHistogramBins, values.Length);
        var width = (max - min) / bins;
        var edges = new double[bins + 1];
        for (var i = 0; i < bins; i++) edges[i] = min + i * width;
        edges[bins] = max;
        var counts = new int[bins];
        foreach (var (x, count) in values)
        {
            var k = (int)((x - min) / width);
            counts[Math.Clamp(k, 0, bins - 1)] += count;
        }

        return new Histogram(edges, counts);
    }

    private static bool IsIntegerSequence((double Value, int Count)[] values, int n)
    {
        foreach (var (x, _) in values)
            if (x != Math.Floor(x)) return false;
        return values[^1].Value - values[0].Value == n - 1;
    }
}
