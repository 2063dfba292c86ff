namespace Portal.Core.Statistics;

/// <summary>
/// The shift of the current mean in reference standard deviations: (mean(current) - mean(reference)) / std(reference),
/// with the population standard deviation (ddof = 0, as <c>np.std</c> and Evidently's Wasserstein norm).
/// </summary>
public static class MeanShift
{
    /// <summary>The shift in sigmas; NaN when the reference has no spread (std = 0).</summary>
    public static double InSigmas(double referenceMean, double referenceStd, double currentMean) =>
        referenceStd > 0 ? (currentMean - referenceMean) / referenceStd : double.NaN;
}
