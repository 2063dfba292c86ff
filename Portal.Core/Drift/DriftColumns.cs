namespace Portal.Core.Drift;

/// <summary>
/// Feature values column by column, in schema order: numeric features as doubles (NaN for missing), categorical and
/// boolean features as strings (null for missing). Exactly one of the two arrays of a feature is set.
/// </summary>
public sealed record DriftColumns(int Rows, IReadOnlyList<double[]?> Numeric, IReadOnlyList<string?[]?> Categorical);
