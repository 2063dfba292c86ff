using Portal.Core.Statistics;

namespace Portal.Core.Drift;

/// <summary>
/// Every drift statistic of a numeric feature at once (<see cref="FeatureDriftCalculator.NumericStatistics"/>), whichever
/// test <see cref="DriftTestSelector"/> would pick: KS D and p-value as <c>ks_2samp</c>, the raw and the normed Wasserstein
/// distance, PSI and the Jensen-Shannon distance (base 2) over <see cref="Histogram.DefaultBins"/> shared bins, the
/// mean shift in reference standard deviations (null for a constant reference), and the number of distinct values.
/// </summary>
public sealed record NumericDriftStatistics(
    string Name,
    int ReferenceRows,
    int CurrentRows,
    int DistinctValues,
    double KsStatistic,
    double KsPValue,
    double Wasserstein,
    double WassersteinNormed,
    double Psi,
    double JensenShannon,
    double? MeanShiftSigma);
