using Microsoft.Extensions.Options;
using Portal.Core.Serving;
using Portal.Web.Auth;
using Portal.Web.Metrics;
using Prometheus;

namespace Portal.Web.Extensions;

public static class MetricsExtensions
{
    /// <summary>Prometheus metrics (own registry), the prediction observer that feeds them, and the /api/stats counters.</summary>
    public static WebApplicationBuilder AddPortalMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PortalMetrics>();
        builder.Services.AddSingleton<RolloutMetrics>();
        builder.Services.AddSingleton<EstimatedPerformanceMetrics>();
        builder.Services.AddSingleton<RealizedPerformanceMetrics>();
        builder.Services.AddSingleton<RunbookNameMetrics>();
        builder.Services.AddSingleton<DiskMetrics>();
        builder.Services.AddSingleton<IPredictionObserver, PrometheusPredictionObserver>();
        builder.Services.AddSingleton<RequestStats>();
        builder.Services.AddSingleton(sp =>
        {
            var metrics = sp.GetRequiredService<PortalMetrics>();
            return new HttpRequestMetrics(sp.GetRequiredService<RequestStats>(), metrics.HttpRequests, metrics.HttpDuration);
        });
        return builder;
    }

    /// <summary>
    /// Times every request for /metrics (http_requests_total, http_request_duration_seconds, labelled by status
    /// code, method and route template) and for /api/stats. Call before the error handling, so 500s are counted as such.
    /// (prometheus-net's own UseHttpMetrics chains three middlewares with exemplars; one cached lookup costs less.)
    /// </summary>
    public static WebApplication UsePortalMetrics(this WebApplication app)
    {
        app.UseMiddleware<RequestMetricsMiddleware>();
        return app;
    }

    /// <summary>GET /metrics: a Viewer credential (API key, also as ?api_key=, or bearer) unless Portal:Metrics:AllowAnonymous.</summary>
    public static WebApplication MapPortalMetrics(this WebApplication app)
    {
        var metrics = app.Services.GetRequiredService<PortalMetrics>();
        app.Services.GetRequiredService<RolloutMetrics>(); // adds the rollout_* series to the registry
        app.Services.GetRequiredService<WebhookMetrics>(); // and the webhook ones
        app.Services.GetRequiredService<EstimatedPerformanceMetrics>(); // and model_estimated_auc / _f1
        app.Services.GetRequiredService<RealizedPerformanceMetrics>(); // and model_realized_f1
        app.Services.GetRequiredService<DiskMetrics>(); // and portal_data_disk_*
        app.Services.GetRequiredService<FleetMetrics>(); // and portal_replica_*
        if (app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Metrics.RunbookNames)
            app.Services.GetRequiredService<RunbookNameMetrics>(); // and seed 004's lead_model_* names
        var endpoint = app.MapMetrics("/metrics", metrics.Registry);
        if (metrics.AllowAnonymous) endpoint.AllowAnonymous();
        else endpoint.RequireAuthorization(Policies.Viewer);
        return app;
    }
}
