using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// The drift of one feature: the chosen test (<see cref="DriftTests"/>), its statistic (KS D, chi-square, z, normed
/// Wasserstein or Jensen-Shannon distance), its p-value (null for distances), the threshold and verdict, plus PSI and
/// the mean shift in reference standard deviations (ddof = 0; null for categorical features or a constant reference).
/// </summary>
public sealed record FeatureDrift(
    string Name,
    string Type,
    string Test,
    double Statistic,
    double? PValue,
    double Threshold,
    bool Drifted,
    double Psi,
    double? MeanShiftSigma)
{
    /// <summary>PSI at or above Evidently's 0.1.</summary>
    public bool PsiDrifted => Psi >= PopulationStability.DefaultThreshold;
}
