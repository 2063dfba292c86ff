namespace Portal.Core.Datasets;

public sealed record DatasetProfile(int Rows, IReadOnlyList<ColumnProfile> Columns, IReadOnlyList<DatasetIssue> Issues)
{
    public ColumnProfile? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);
}

/// <summary>
/// One column's profile. Past <see cref="StreamingProfiler.DefaultDistinctBound"/> distinct values a column is summarised by
/// sketches: the flags say which figures are then estimates, and <see cref="QuantileRankError"/> the quantiles' rank error
/// (0.0165 = the true rank of a reported quantile is within 1.65 percentage points). Profiles stored before these fields
/// existed read as exact.
/// </summary>
public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    int Missing,
    int Distinct,
    NumericSummary? Numeric,
    IReadOnlyList<CategoryCount>? TopCategories,
    Histogram? Histogram,
    bool DistinctEstimated = false,
    double? QuantileRankError = null,
    bool TopCategoriesEstimated = false,
    bool HistogramEstimated = false)
{
    /// <summary>Any figure of the column comes from a sketch rather than an exact count (profiles of very large files).</summary>
    public bool AnyEstimated => DistinctEstimated || QuantileRankError is not null || TopCategoriesEstimated || HistogramEstimated;
}

public sealed record NumericSummary(double Min, double Max, double Mean, double Std, double P5, double P25, double P50, double P75, double P95);

public sealed record CategoryCount(string Value, int Count);

/// <summary>Bin edges (Counts.Length + 1 of them) and counts.</summary>
public sealed record Histogram(double[] Edges, int[] Counts);

/// <summary>A problem found in a dataset. Severity is "error" or "warning".</summary>
public sealed record DatasetIssue(string Severity, string? Column, string Message)
{
    public const string Error = "error";
    public const string Warning = "warning";
}
