namespace Portal.Core.Statistics;

/// <summary>
/// One ROC AUC with its DeLong variance and confidence interval (clamped to [0, 1]). When the AUC or its variance is not
/// defined (one class only; fewer than two rows of a class) <see cref="IsDefined"/> is false, the numbers are NaN and
/// <see cref="Reason"/> says why.
/// </summary>
public sealed record DeLongAuc(bool IsDefined, string? Reason, double Auc, double Variance, ConfidenceInterval Interval)
{
    internal static DeLongAuc NotDefined(string reason) =>
        new(false, reason, double.NaN, double.NaN, new ConfidenceInterval(double.NaN, double.NaN));
}
