namespace Portal.Web.Api.Contracts;

/// <summary>One endpoint (route template and method) since start; latencies in milliseconds, rates in 0..1.</summary>
public sealed record EndpointStatsResponse(
    string Method,
    string Endpoint,
    long Requests,
    long ClientErrors,
    long ServerErrors,
    double ErrorRate,
    double AverageLatencyMs,
    double? P95LatencyMs);
