namespace Portal.Core.Drift;

/// <summary>The per-feature part of a drift run: each feature's test result and its reference vs current histogram.</summary>
public sealed record DriftReport(IReadOnlyList<FeatureDrift> Features, IReadOnlyList<FeatureHistogram> Histograms);
