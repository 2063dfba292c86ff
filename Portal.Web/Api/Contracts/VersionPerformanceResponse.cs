namespace Portal.Web.Api.Contracts;

public sealed record VersionPerformanceResponse(int Version, RealizedMetricsResponse Total, IReadOnlyList<RealizedMetricsResponse> Buckets);
