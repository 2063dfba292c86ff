using System.Globalization;
using System.Runtime.InteropServices;

namespace Portal.Core.Datasets;

/// <summary>
/// Profiles a table on upload: per-column type, missing and distinct counts, numeric summaries (as pandas
/// describe and numpy's default quantiles compute them), histograms or top categories for charts, and the
/// issues a user should see before training. One pass per column plus a sort for numeric ones.
/// </summary>
public static class DatasetProfiler
{
    public const int MaxHistogramBins = 20;
    public const int MaxTopCategories = 20;

    /// <summary>The model one-hot encodes this many most frequent categories; the rest share one 'other' slot.</summary>
    public const int MaxModelCategories = 50;

    /// <summary>A non-numeric column whose values are at least this share numbers probably has a few typos.</summary>
    public const double MostlyNumericShare = 0.9;

    /// <summary>An all-distinct integer column needs at least this many values to look like a row id.</summary>
    internal const int MinIdentifierRows = 3;

    public static DatasetProfile Profile(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = new List<ColumnProfile>(table.Headers.Count);
        var issues = new List<DatasetIssue>();
        for (var c = 0; c < table.Headers.Count; c++)
            columns.Add(ProfileColumn(table, c, issues));

        var duplicates = CountDuplicateRows(table);
        if (duplicates > 0)
        {
            var rows = duplicates == 1 ? "1 row is an exact duplicate" : $"{N(duplicates)} rows are exact duplicates";
            issues.Add(Warn(null, $"{rows} of an earlier row."));
        }

        return new DatasetProfile(table.RowCount, columns, issues);
    }

    private static ColumnProfile ProfileColumn(CsvTable table, int c, List<DatasetIssue> issues)
    {
        var name = table.Headers[c];
        // One dictionary operation per cell; numbers are parsed once per distinct value, not per cell.
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var missing = 0;
        foreach (var row in table.Rows)
        {
            var value = row[c];
            if (value is null) missing++;
            else CollectionsMarshal.GetValueRefOrAddDefault(counts, value, out _)++;
        }

        var present = table.RowCount - missing;
        var numeric = new List<(double Value, int Count)>(counts.Count);
        var numericCount = 0;
        foreach (var (value, count) in counts)
        {
            if (!ColumnTypeInference.TryParseNumber(value, out var number)) continue;
            numeric.Add((number, count));
            numericCount += count;
        }

        var type = ColumnTypeInference.Infer(counts.Keys, present, numericCount == present);
        NumericSummary? summary = null;
        Histogram? histogram = null;
        IReadOnlyList<CategoryCount>? top = null;
        double[] sorted = [];
        if (type == ColumnType.Numeric)
        {
            sorted = Expand(numeric, present);
            summary = Summarize(sorted);
            histogram = BuildHistogram(sorted, CountDistinct(sorted));
        }
        else if (present > 0)
        {
            top = counts
                .OrderByDescending(kv => kv.Value)
                .ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(MaxTopCategories)
                .Select(kv => new CategoryCount(kv.Key, kv.Value))
                .ToArray();
        }

        var column = new ColumnFacts(c, name, type, present, missing, counts, numericCount, sorted);
        AddIssues(issues, table, column);
        return new ColumnProfile(name, type, missing, counts.Count, summary, top, histogram);
    }

    /// <summary>The sorted values of a numeric column, each distinct number repeated by its count.</summary>
    private static double[] Expand(List<(double Value, int Count)> numeric, int present)
    {
        var sorted = new double[present];
        var k = 0;
        foreach (var (value, count) in numeric)
        {
            sorted.AsSpan(k, count).Fill(value);
            k += count;
        }

        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>What the issue checks need to know about one column.</summary>
    private sealed record ColumnFacts(
        int Index, string Name, ColumnType Type, int Present, int Missing,
        Dictionary<string, int> Counts, int NumericCount, double[] Sorted);

    private static void AddIssues(List<DatasetIssue> issues, CsvTable table, ColumnFacts column)
    {
        var (index, name, type, present, missing, counts, numericCount, sorted) = column;
        var rows = table.RowCount;
        var distinct = counts.Count;
        if (present == 0)
        {
            issues.Add(Warn(name, $"Column '{name}' is empty: every value is missing."));
            return;
        }

        if (MissingValues.Issue(name, missing, rows) is { } missingIssue) issues.Add(missingIssue);

        if (distinct == 2 && ClassBalance.Issue(name, counts, null) is { } imbalance) issues.Add(imbalance);

        if (distinct == 1)
        {
            var where = missing > 0 ? "every non-missing row" : "every row";
            issues.Add(Warn(name, $"Column '{name}' has the same value '{counts.Keys.First()}' in {where}; it carries no information."));
            return;
        }

        var identifier = distinct == present && present >= MinIdentifierRows &&
                         (type == ColumnType.Numeric ? IsIntegerSequence(sorted) : numericCount == 0);
        if (identifier)
        {
            var what = type == ColumnType.Numeric ? "a sequence of distinct integers" : "distinct in every row";
            issues.Add(Warn(name, $"Column '{name}' looks like an identifier ({what}); exclude it from the model's features."));
            return;
        }

        if (type != ColumnType.Numeric && numericCount >= MostlyNumericShare * present)
        {
            var bad = present - numericCount;
            var first = FirstNonNumber(table, index);
            var values = bad == 1 ? "1 value is not a number" : $"{N(bad)} values are not numbers";
            issues.Add(Warn(name,
                $"Column '{name}' looks numeric but {values} (first: '{table.Rows[first][index]}' at line {table.Lines[first]}); " +
                $"it is treated as {type.ToString().ToLowerInvariant()}. Fix or blank those values to use it as a number."));
            return;
        }

        if (type == ColumnType.Text)
            issues.Add(Warn(name, $"Column '{name}' looks like free text ({N(distinct)} distinct values); it is not used as a model feature."));
        else if (type == ColumnType.Categorical && distinct > MaxModelCategories)
            issues.Add(Warn(name,
                $"Column '{name}' has {N(distinct)} categories; the model keeps the {MaxModelCategories} most frequent " +
                "and the rest count as one 'other' category."));
    }

    private static int FirstNonNumber(CsvTable table, int index)
    {
        for (var r = 0; r < table.RowCount; r++)
        {
            var value = table.Rows[r][index];
            if (value is not null && !ColumnTypeInference.TryParseNumber(value, out _)) return r;
        }

        throw new InvalidOperationException("The column has no non-numeric value.");
    }

    /// <summary>Whole numbers, all distinct, filling a range without gaps (1..n in any order): a row id.</summary>
    private static bool IsIntegerSequence(double[] sorted)
    {
        foreach (var x in sorted)
            if (x != Math.Floor(x)) return false;
        return sorted[^1] - sorted[0] == sorted.Length - 1;
    }

    private static NumericSummary Summarize(double[] sorted)
    {
        var n = sorted.Length;
        double sum = 0;
        foreach (var x in sorted) sum += x;
        var mean = sum / n;
        // Two passes, as pandas computes the variance, so the result does not lose digits on large values.
        double squares = 0;
        foreach (var x in sorted) squares += (x - mean) * (x - mean);
        // pandas gives NaN for one value; 0 keeps the profile JSON-serializable and charts drawable.
        var std = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        return new NumericSummary(
            sorted[0], sorted[^1], mean, std,
            Quantile(sorted, 0.05), Quantile(sorted, 0.25), Quantile(sorted, 0.5), Quantile(sorted, 0.75), Quantile(sorted, 0.95));
    }

    /// <summary>numpy.quantile's default ('linear'): position q*(n-1), interpolated between its neighbours.</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        var h = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(h);
        if (lo >= sorted.Length - 1) return sorted[^1];
        var t = h - lo;
        double a = sorted[lo], b = sorted[lo + 1];
        // numpy's _lerp: from the nearer end, so the result stays within [a, b].
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
    }

    private static int CountDistinct(double[] sorted)
    {
        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[i - 1]) distinct++;
        return distinct;
    }

    /// <summary>
    /// Equal-width bins over [min, max], the last one closed (as numpy.histogram); one bin per distinct value
    /// at most, so a 0/1/2 column shows three bars, not twenty with gaps.
    /// </summary>
    private static Histogram BuildHistogram(double[] sorted, int distinct)
    {
        double min = sorted[0], max = sorted[^1];
        if (min == max) return new Histogram([min - 0.5, max + 0.5], [sorted.Length]);

        var bins = Math.Min(MaxHistogramBins, distinct);
        var width = (max - min) / bins;
        var edges = new double[bins + 1];
        for (var i = 0; i < bins; i++) edges[i] = min + i * width;
        edges[bins] = max;
        var counts = new int[bins];
        foreach (var x in sorted)
        {
            var k = (int)((x - min) / width);
            counts[Math.Clamp(k, 0, bins - 1)]++;
        }

        return new Histogram(edges, counts);
    }

    private static int CountDuplicateRows(CsvTable table)
    {
        var seen = new HashSet<string?[]>(table.RowCount, RowComparer.Instance);
        var duplicates = 0;
        foreach (var row in table.Rows)
            if (!seen.Add(row)) duplicates++;
        return duplicates;
    }

    private static DatasetIssue Warn(string? column, string message) => new(DatasetIssue.Warning, column, message);

    internal static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Pct(int part, int whole) => (100.0 * part / whole).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private sealed class RowComparer : IEqualityComparer<string?[]>
    {
        public static readonly RowComparer Instance = new();

        public bool Equals(string?[]? x, string?[]? y) => x.AsSpan().SequenceEqual(y, StringComparer.Ordinal);

        public int GetHashCode(string?[] row)
        {
            var hash = new HashCode();
            foreach (var value in row) hash.Add(value is null ? 0 : string.GetHashCode(value, StringComparison.Ordinal));
            return hash.ToHashCode();
        }
    }
}
