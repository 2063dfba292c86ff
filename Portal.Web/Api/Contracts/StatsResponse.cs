namespace Portal.Web.Api.Contracts;

/// <summary>
/// <c>GET /api/stats</c>: request counts per endpoint since start. The error rate counts server errors (5xx);
/// client errors (4xx) are reported beside it. p95 is estimated from a fixed-bucket histogram.
/// </summary>
public sealed record StatsResponse(
    DateTimeOffset Since,
    double UptimeSeconds,
    long TotalRequests,
    long TotalClientErrors,
    long TotalServerErrors,
    double ErrorRate,
    double AverageLatencyMs,
    double? P95LatencyMs,
    IReadOnlyList<EndpointStatsResponse> Endpoints);
