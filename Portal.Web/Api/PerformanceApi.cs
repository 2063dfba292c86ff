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
            .WithSummary("AUC, F1, Brier, accuracy, count and label coverage per version and per bucket (?from=&to=&bucket=1h|1d; default the last 7 days by day); " +
                         "?estimated=true adds performance estimated without labels (CBPE) with its band.");
        return api;
    }

    public static async Task<Results<Ok<PerformanceResponse>, ProblemHttpResult>> Get(
        string name, DateTimeOffset? from, DateTimeOffset? to, string? bucket, string? estimated, PerformanceService performance, CancellationToken ct)
    {
        if (!TryParseEstimated(estimated, out var withEstimate)) return ApiProblems.Invalid("estimated", $"estimated must be true or false; got '{estimated}'.");
        if (!RealizedPerformance.TryParseBucket(bucket, out var size)) return ApiProblems.Invalid("bucket", $"bucket must be 1h or 1d; got '{bucket}'.");
        if (from is not null && to is not null && from >= to) return ApiProblems.Invalid("from", "from must be before to.");
        var report = await performance.GetAsync(name, from, to, size, withEstimate, ct);
        if (report is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Ok(report.ToResponse());
    }

    public static PerformanceResponse ToResponse(this PerformanceReport r) => new(
        r.Model, r.From, r.To, r.Bucket == RealizedPerformance.Hour ? "1h" : "1d",
        r.Versions.Select(v => new VersionPerformanceResponse(
                v.Version, v.Total.ToResponse(v.Estimation?.Total), v.Buckets.Select(b => b.ToResponse(v.Estimation?.Buckets.GetValueOrDefault(b.Start!.Value))).ToList())
            { EstimationUnavailable = v.Estimation?.Unavailable, Calibration = CalibrationResponse.From(v.Calibration) })
            .ToList());

    private static bool TryParseEstimated(string? text, out bool estimated)
    {
        estimated = false;
        if (string.IsNullOrEmpty(text)) return true;
        return bool.TryParse(text, out estimated);
    }

    private static RealizedMetricsResponse ToResponse(this RealizedMetrics m, EstimatedMetrics? estimated) =>
        new(m.Start, m.Predictions, m.Labelled, m.Coverage, m.Auc, m.F1, m.Brier, m.Accuracy) { Estimated = estimated?.ToResponse() };

    private static EstimatedMetricsResponse ToResponse(this EstimatedMetrics e) =>
        new(e.Predictions, e.Auc?.ToResponse(), e.F1.ToResponse(), e.Precision.ToResponse(), e.Recall.ToResponse(), e.Accuracy.ToResponse());

    private static EstimatedMetricResponse ToResponse(this EstimatedMetric m) => new(m.Value, m.Lower, m.Upper);
}
