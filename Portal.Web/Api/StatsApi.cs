using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Web.Api.Contracts;
using Portal.Web.Metrics;

namespace Portal.Web.Api;

/// <summary>The runbook's API statistics: counts per endpoint, error rate, average and p95 latency since start.</summary>
public static class StatsApi
{
    public static RouteGroupBuilder MapStatsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/stats", GetStats).WithName("Stats").WithTags("Ops")
            .WithSummary("Requests per endpoint (route template and method) since start: count, 4xx, 5xx, error rate (5xx share), average and p95 latency in ms, and totals.");
        return api;
    }

    public static Ok<StatsResponse> GetStats(RequestStats stats, TimeProvider time)
    {
        var endpoints = new List<EndpointStatsResponse>();
        var all = new long[EndpointStats.BucketBoundsMs.Length + 1];
        long requests = 0, clientErrors = 0, serverErrors = 0;
        double totalMs = 0;
        foreach (var e in stats.Endpoints())
        {
            var buckets = e.Buckets();
            var count = e.Count;
            for (var i = 0; i < all.Length; i++) all[i] += buckets[i];
            requests += count;
            clientErrors += e.ClientErrors;
            serverErrors += e.ServerErrors;
            totalMs += e.TotalMilliseconds;
            endpoints.Add(new EndpointStatsResponse(e.Method, e.Endpoint, count, e.ClientErrors, e.ServerErrors,
                Rate(e.ServerErrors, count), Average(e.TotalMilliseconds, count), Round(EndpointStats.Quantile(buckets, 0.95))));
        }

        return TypedResults.Ok(new StatsResponse(stats.Since, Math.Round((time.GetUtcNow() - stats.Since).TotalSeconds, 3),
            requests, clientErrors, serverErrors, Rate(serverErrors, requests), Average(totalMs, requests), Round(EndpointStats.Quantile(all, 0.95)), endpoints));
    }

    private static double Rate(long part, long total) => total == 0 ? 0 : Math.Round((double)part / total, 6);

    private static double Average(double totalMs, long count) => count == 0 ? 0 : Math.Round(totalMs / count, 3);

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;
}
