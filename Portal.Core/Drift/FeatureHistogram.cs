namespace Portal.Core.Drift;

/// <summary>
/// Reference and current shares of one feature over shared bins, for charts: numeric features get
/// <see cref="DriftHistograms.NumericBins"/> equal-width bins over the reference range (<see cref="Edges"/> holds them),
/// with an underflow bin first and an overflow bin last when current values fall outside it (<see cref="Underflow"/>,
/// <see cref="Overflow"/>); categorical ones their most frequent categories (and "(other)" for the rest).
/// </summary>
public sealed record FeatureHistogram(
    string Name,
    string Type,
    IReadOnlyList<string> Bins,
    IReadOnlyList<double>? Edges,
    IReadOnlyList<double> Reference,
    IReadOnlyList<double> Current)
{
    /// <summary>True when <see cref="Bins"/> starts with a "&lt; min" bin of current values below the reference range.</summary>
    public bool Underflow { get; init; }

    /// <summary>True when <see cref="Bins"/> ends with a "&gt; max" bin of current values above the reference range.</summary>
    public bool Overflow { get; init; }
}
