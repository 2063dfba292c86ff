using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Performance;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>Realized performance: metrics of labelled predictions per version and per time bucket, with label coverage.</summary>
public static class PerformanceApi
{
    public static RouteGroupBuilder MapPerformanceApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models/{name}/performance", Get).WithTags("Monitoring").WithName("RealizedPerformance")
            .WithSummary("AUC, F1, Brier, accuracy, count and label coverage per version and per bucket (?from=&to=&bucket=1h|1d; default the last 7 days by day).");
        return api;
    }

    public static async Task<Results<Ok<PerformanceResponse>, ProblemHttpResult>> Get(
        string name, DateTimeOffset? from, DateTimeOffset? to, string? bucket, PerformanceService performance, CancellationToken ct)
    {
        if (!RealizedPerformance.TryParseBucket(bucket, out var size)) return ApiProblems.Invalid("bucket", $"bucket must be 1h or 1d; got '{bucket}'.");
        if (from is not null && to is not null && from >= to) return ApiProblems.Invalid("from", "from must be before to.");
        var report = await performance.GetAsync(name, from, to, size, ct);
        if (report is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Ok(report.ToResponse());
    }

    public static PerformanceResponse ToResponse(this PerformanceReport r) => new(
        r.Model, r.From, r.To, r.Bucket == RealizedPerformance.Hour ? "1h" : "1d",
        r.Versions.Select(v => new VersionPerformanceResponse(v.Version, v.Total.ToResponse(), v.Buckets.Select(b => b.ToResponse()).ToList()) { Calibration = CalibrationResponse.From(v.Calibration) }).ToList());

    private static RealizedMetricsResponse ToResponse(this RealizedMetrics m) =>
        new(m.Start, m.Predictions, m.Labelled, m.Coverage, m.Auc, m.F1, m.Brier, m.Accuracy);
}
