using Portal.Core.Statistics;

namespace Portal.Core.Performance;

/// <summary>One version's realized performance over the window, and per time bucket (buckets with no prediction are left out).</summary>
public sealed record VersionPerformance(int Version, RealizedMetrics Total, IReadOnlyList<RealizedMetrics> Buckets)
{
    /// <summary>Performance estimated without labels (CBPE); null unless asked for.</summary>
    public VersionEstimation? Estimation { get; init; }

    /// <summary>The reliability diagram of the window's labelled predictions (logged probability against true label); null when none is labelled.</summary>
    public ReliabilityDiagram? Calibration { get; init; }
}
