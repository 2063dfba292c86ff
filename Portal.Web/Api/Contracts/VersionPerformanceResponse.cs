namespace Portal.Web.Api.Contracts;

public sealed record VersionPerformanceResponse(int Version, RealizedMetricsResponse Total, IReadOnlyList<RealizedMetricsResponse> Buckets)
{
    /// <summary>With ?estimated=true, why this version has no estimate (e.g. "unavailable: trained before estimation was recorded"); null otherwise.</summary>
    public string? EstimationUnavailable { get; init; }

    /// <summary>The reliability diagram of the window's labelled predictions; null when none is labelled.</summary>
    public CalibrationResponse? Calibration { get; init; }
}
