namespace Portal.Core.Drift;

/// <summary>
/// Reference and current shares of one feature over shared bins, for charts: numeric features get
/// <see cref="DriftHistograms.NumericBins"/> equal-width bins over both samples (<see cref="Edges"/> holds them),
/// categorical ones their most frequent categories (and "(other)" for the rest).
/// </summary>
public sealed record FeatureHistogram(
    string Name,
    string Type,
    IReadOnlyList<string> Bins,
    IReadOnlyList<double>? Edges,
    IReadOnlyList<double> Reference,
    IReadOnlyList<double> Current);
