namespace Portal.Core.Drift;

/// <summary>
/// Drift over all features: the share of drifted features, dataset drift when it reaches 50% (Evidently's default
/// drift_share), the status (<see cref="DriftStatuses"/>) and the model drift score, the largest |mean shift| in
/// reference standard deviations over the numeric features (0 when there is none).
/// </summary>
public sealed record DatasetDrift(
    IReadOnlyList<FeatureDrift> Features,
    int DriftedFeatures,
    double DriftShare,
    bool DatasetDriftDetected,
    string Status,
    double DriftScore)
{
    /// <summary>Summarises per-feature results.</summary>
    public static DatasetDrift From(IReadOnlyList<FeatureDrift> features)
    {
        var drifted = 0;
        var score = 0.0;
        foreach (var f in features)
        {
            if (f.Drifted) drifted++;
            if (f.MeanShiftSigma is { } shift && Math.Abs(shift) > score) score = Math.Abs(shift);
        }
        var share = features.Count == 0 ? 0.0 : (double)drifted / features.Count;
        return new DatasetDrift(features, drifted, share, share >= DriftStatuses.CriticalShare, DriftStatuses.ForShare(share), score);
    }
}
