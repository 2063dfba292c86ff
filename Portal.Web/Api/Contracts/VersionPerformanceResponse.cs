namespace Portal.Web.Api.Contracts;

public sealed record VersionPerformanceResponse(int Version, RealizedMetricsResponse Total, IReadOnlyList<RealizedMetricsResponse> Buckets)
{
    /// <summary>The reliability diagram of the window's labelled predictions; null when none is labelled.</summary>
    public CalibrationResponse? Calibration { get; init; }
}
