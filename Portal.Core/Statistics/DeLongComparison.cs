namespace Portal.Core.Statistics;

/// <summary>
/// DeLong's test of two correlated ROC AUCs scored on the same rows: both AUCs, their variances and covariance,
/// the difference (candidate - champion), its z and two-sided p-value, and the confidence interval of the difference.
/// When not defined (one class only; fewer than two rows of a class) <see cref="IsDefined"/> is false, the numbers
/// are NaN and <see cref="Reason"/> says why.
/// </summary>
public sealed record DeLongComparison(
    bool IsDefined,
    string? Reason,
    double ChampionAuc,
    double CandidateAuc,
    double ChampionVariance,
    double CandidateVariance,
    double Covariance,
    double Z,
    double PValue,
    ConfidenceInterval DifferenceInterval)
{
    /// <summary>Candidate AUC minus champion AUC.</summary>
    public double Difference => CandidateAuc - ChampionAuc;

    internal static DeLongComparison NotDefined(string reason) =>
        new(false, reason, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN,
            new ConfidenceInterval(double.NaN, double.NaN));
}
