namespace Portal.Core.Performance;

/// <summary>
/// NannyML's sampling-error components of one metric, measured on the reference (test split): the standard deviation of
/// the metric's per-row contributions and the share of rows that contribute. A chunk of n rows has standard error
/// <c>Std / sqrt(n * Fraction)</c>.
/// </summary>
public sealed record SamplingError(double Std, double Fraction)
{
    public double For(int rows) => rows <= 0 || Fraction <= 0 ? double.NaN : Std / Math.Sqrt(rows * Fraction);
}
