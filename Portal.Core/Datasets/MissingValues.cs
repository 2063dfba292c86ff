namespace Portal.Core.Datasets;

/// <summary>
/// When a column's missing values deserve a warning. From <see cref="SomeShare"/> (5%) the model's filling-in (mean for
/// numbers, a 'missing' category otherwise) starts to matter; from <see cref="ManyShare"/> (30%) the column is as much
/// guess as data. Below 5% it is noise not worth a line (credit_data's Assets, 1.1%, stays quiet).
/// </summary>
public static class MissingValues
{
    public const double SomeShare = 0.05;
    public const double ManyShare = 0.30;

    /// <summary>The warning for <paramref name="missing"/> of <paramref name="rows"/> values, or null below <see cref="SomeShare"/>. A column with no value at all is reported elsewhere.</summary>
    public static DatasetIssue? Issue(string column, int missing, int rows)
    {
        if (rows == 0 || missing == 0 || missing == rows) return null;
        var share = (double)missing / rows;
        if (share < SomeShare) return null;
        var what = $"{DatasetProfiler.Pct(missing, rows)} missing ({DatasetProfiler.N(missing)} of {DatasetProfiler.N(rows)} rows)";
        var message = share >= ManyShare
            ? $"Column '{column}' has many missing values: {what}. The model fills them in, so it learns as much from the guess as from the data; " +
              "consider leaving the column out or collecting it."
            : $"Column '{column}' has some missing values: {what}. The model fills them in (the mean for numbers, a 'missing' category otherwise).";
        return new DatasetIssue(DatasetIssue.Warning, column, message);
    }
}
