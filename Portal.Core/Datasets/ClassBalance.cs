namespace Portal.Core.Datasets;

/// <summary>
/// Class imbalance of a (likely) label: a two-valued column, or the label a version was trained on, whose rarer class is
/// under <see cref="MinorityShare"/> (10%) of the rows. Accuracy then flatters the model and the test split holds few
/// positives, so the user should look at AUC, precision and recall.
/// </summary>
public static class ClassBalance
{
    public const double MinorityShare = 0.10;

    /// <summary>
    /// The warning for a column's class counts, or null when balanced enough. With <paramref name="positiveClass"/> (a
    /// trained label) its share against all other values is checked; otherwise the column must have exactly two values.
    /// </summary>
    public static DatasetIssue? Issue(string column, IReadOnlyDictionary<string, int> counts, string? positiveClass)
    {
        var total = counts.Values.Sum();
        if (total == 0) return null;
        string minority;
        int minorityCount;
        if (positiveClass is not null)
        {
            if (!counts.TryGetValue(positiveClass, out var positives)) return null;
            (minority, minorityCount) = positives * 2 <= total ? (positiveClass, positives) : ("not " + positiveClass, total - positives);
        }
        else
        {
            if (counts.Count != 2) return null;
            // Ordinal tie-break, so the same data names the same class every time.
            var rarer = counts.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First();
            (minority, minorityCount) = (rarer.Key, rarer.Value);
        }

        if ((double)minorityCount / total >= MinorityShare) return null;
        var role = positiveClass is null ? "If it is the label, " : "As the label, ";
        return new DatasetIssue(DatasetIssue.Warning, column,
            $"Column '{column}' is imbalanced: '{minority}' is only {DatasetProfiler.Pct(minorityCount, total)} of the rows " +
            $"({DatasetProfiler.N(minorityCount)} of {DatasetProfiler.N(total)}). {role}accuracy is misleading: judge the model by AUC, precision and recall.");
    }

    /// <summary>
    /// Imbalance warnings for the labels versions were trained on, for columns the profile has not already warned about
    /// (a label with more than two values is only checked here, against its positive class).
    /// </summary>
    public static IReadOnlyList<DatasetIssue> LabelIssues(DatasetProfile profile, IEnumerable<DatasetUse> uses)
    {
        var issues = new List<DatasetIssue>();
        foreach (var (label, positive) in uses.Select(u => (u.Label, u.PositiveClass)).Distinct())
        {
            if (profile.Issues.Any(i => i.Column == label && i.Message.Contains(" is imbalanced", StringComparison.Ordinal))) continue;
            if (issues.Any(i => i.Column == label)) continue;
            if (profile.Find(label) is not { } column || Counts(column) is not { } counts) continue;
            if (Issue(label, counts, positive) is { } issue) issues.Add(issue);
        }

        return issues;
    }

    /// <summary>The class counts a profile kept for a column (its top categories), or null for a numeric column.</summary>
    public static IReadOnlyDictionary<string, int>? Counts(ColumnProfile column)
    {
        if (column.TopCategories is { Count: > 0 } top) return top.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
        return null;
    }
}
