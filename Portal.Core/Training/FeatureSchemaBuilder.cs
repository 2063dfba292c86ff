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

    /// <param name="rows">The rows to learn from (e.g. those with a label); all rows when null.</param>
    public static FeatureSchemaResult Build(CsvTable table, string label, IReadOnlyList<int>? rows = null)
    {
        var features = new List<FeatureSpec>();
        var excluded = new List<string>();
        for (var c = 0; c < table.Headers.Count; c++)
        {
            var name = table.Headers[c];
            if (name == label) continue;
            var values = rows is null ? table.Column(c).ToList() : rows.Select(r => table.Rows[r][c]).ToList();
            var missing = values.Count(v => v is null);
            var type = ColumnTypeInference.Infer(values);
            switch (type)
            {
                case ColumnType.Numeric:
                    features.Add(new FeatureSpec(name, type, null, missing > 0, FeatureRange.Of(values)));
                    break;
                case ColumnType.Boolean:
                    var tokens = ColumnTypeInference.BooleanTokens(values.OfType<string>().Distinct(StringComparer.Ordinal));
                    features.Add(new FeatureSpec(name, type, tokens, missing > 0));
                    break;
                case ColumnType.Categorical:
                    features.Add(new FeatureSpec(name, type, Categories(values, missing), missing > 0));
                    break;
                default:
                    excluded.Add(missing == values.Count
                        ? $"{name}: no values"
                        : $"{name}: free text ({values.OfType<string>().Distinct(StringComparer.Ordinal).Count()} distinct values in {values.Count - missing} rows)");
                    break;
            }
        }

        return new FeatureSchemaResult(new FeatureSchema(features), excluded);
    }

    private static string[] Categories(IReadOnlyList<string?> values, int missing)
    {
        var counts = values.OfType<string>()
            .GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (Value: g.Key, Count: g.Count()))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Value, StringComparer.Ordinal)
            .ToList();
        var categories = counts.Take(MaxCategories).Select(g => g.Value).ToList();
        if (missing > 0) categories.Add(FeatureSchema.MissingCategory);
        if (counts.Count > MaxCategories) categories.Add(FeatureSchema.OtherCategory);
        return categories.ToArray();
    }
}
