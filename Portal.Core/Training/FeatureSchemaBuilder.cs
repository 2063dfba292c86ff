using Portal.Core.Datasets;

namespace Portal.Core.Training;

/// <summary>
/// Derives a model's inputs from its training table: every column but the label, typed by
/// <see cref="ColumnTypeInference"/>. Numeric and boolean columns allow missing values when the data has
/// some; a categorical column keeps its <see cref="MaxCategories"/> most frequent values (ties in ordinal
/// order), plus <see cref="FeatureSchema.MissingCategory"/> when values are missing and
/// <see cref="FeatureSchema.OtherCategory"/> when values were cut. A numeric column keeps its
/// <see cref="FeatureRange"/> over the same rows. Text columns are excluded.
/// </summary>
public static class FeatureSchemaBuilder
{
    public const int MaxCategories = 50;

    /// <summary>
    /// How many distinct values a streamed pass keeps per column (<see cref="FeatureColumnScan"/>): a non-numeric column
    /// with more is free text there. An in-memory table (<see cref="Build"/>) is not capped; the two agree unless a
    /// column has more than this many distinct values in at least five times as many rows.
    /// </summary>
    public const int StreamedDistinctCap = 10_000;

    /// <param name="rows">The rows to learn from (e.g. those with a label); all rows when null.</param>
    public static FeatureSchemaResult Build(CsvTable table, string label, IReadOnlyList<int>? rows = null)
    {
        var scans = Scans(table.Headers, label, int.MaxValue);
        foreach (var r in rows ?? Enumerable.Range(0, table.RowCount).ToArray())
            Add(scans, table.Rows[r]);
        return Result(scans);
    }

    /// <summary>One scan per column of <paramref name="headers"/>, null for the label's.</summary>
    public static FeatureColumnScan?[] Scans(IReadOnlyList<string> headers, string label, int distinctCap) =>
        headers.Select(h => h == label ? null : new FeatureColumnScan(h, distinctCap)).ToArray();

    public static void Add(FeatureColumnScan?[] scans, string?[] cells)
    {
        for (var c = 0; c < scans.Length; c++) scans[c]?.Add(cells[c]);
    }

    public static FeatureSchemaResult Result(FeatureColumnScan?[] scans)
    {
        var features = new List<FeatureSpec>();
        var excluded = new List<string>();
        foreach (var scan in scans)
        {
            if (scan is null) continue;
            var (feature, why) = scan.Result();
            if (feature is not null) features.Add(feature);
            else excluded.Add(why!);
        }

        return new FeatureSchemaResult(new FeatureSchema(features), excluded);
    }
}
