namespace Portal.Core.Datasets;

/// <summary>The issues <see cref="DatasetProfiler"/> raises for a column, worded alike, from streamed facts.</summary>
internal static class StreamedColumnIssues
{
    public static void Add(List<DatasetIssue> issues, StreamedColumnFacts f)
    {
        var name = f.Name;
        if (f.Present == 0)
        {
            issues.Add(Warn(name, $"Column '{name}' is empty: every value is missing."));
            return;
        }

        if (MissingValues.Issue(name, f.Missing, f.Rows) is { } missingIssue) issues.Add(missingIssue);

        if (f.Distinct == 2 && !f.DistinctEstimated && ClassBalance.Issue(name, f.TwoValueCounts(), null) is { } imbalance) issues.Add(imbalance);

        if (f.Distinct == 1 && !f.DistinctEstimated)
        {
            var where = f.Missing > 0 ? "every non-missing row" : "every row";
            issues.Add(Warn(name, $"Column '{name}' has the same value '{f.OnlyValue}' in {where}; it carries no information."));
            return;
        }

        if (f.LooksLikeIdentifier)
        {
            var what = f.Type == ColumnType.Numeric ? "a sequence of distinct integers" : "distinct in every row";
            if (f.DistinctEstimated) what = "about " + what;
            issues.Add(Warn(name, $"Column '{name}' looks like an identifier ({what}); exclude it from the model's features."));
            return;
        }

        if (f.Type != ColumnType.Numeric && f.NumericCount >= DatasetProfiler.MostlyNumericShare * f.Present)
        {
            var bad = f.Present - f.NumericCount;
            var values = bad == 1 ? "1 value is not a number" : $"{DatasetProfiler.N(bad)} values are not numbers";
            issues.Add(Warn(name,
                $"Column '{name}' looks numeric but {values} (first: '{f.FirstNonNumber}' at line {f.FirstNonNumberLine}); " +
                $"it is treated as {f.Type.ToString().ToLowerInvariant()}. Fix or blank those values to use it as a number."));
            return;
        }

        var distinct = (f.DistinctEstimated ? "about " : "") + f.Distinct.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
        if (f.Type == ColumnType.Text)
            issues.Add(Warn(name, $"Column '{name}' looks like free text ({distinct} distinct values); it is not used as a model feature."));
        else if (f.Type == ColumnType.Categorical && f.Distinct > DatasetProfiler.MaxModelCategories)
            issues.Add(Warn(name,
                $"Column '{name}' has {distinct} categories; the model keeps the {DatasetProfiler.MaxModelCategories} most frequent " +
                "and the rest count as one 'other' category."));
    }

    private static DatasetIssue Warn(string column, string message) => new(DatasetIssue.Warning, column, message);
}
