using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>
/// /health (the runbook's body), /health/live (the process answers) and /health/ready (database reachable,
/// start-up done, every champion loaded). No credentials needed: load balancers and runbooks call them.
/// </summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).AllowAnonymous().WithName("Health").WithTags("Ops")
            .WithSummary("healthy when the database answers and the model's champion is loaded (?model=NAME, default: the demo model or the first).")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReport }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteReport }).AllowAnonymous();
        return app;
    }

    public static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetHealth(
        string? model, ModelServer server, HealthCheckService checks, IOptions<PortalOptions> options, CancellationToken ct)
    {
        var snapshot = server.Snapshot();
        var status = model is not null
            ? snapshot.FirstOrDefault(s => s.Model == model)
            : snapshot.FirstOrDefault(s => s.Model == options.Value.Demo.Model && s.Champion is not null) ?? snapshot.FirstOrDefault(s => s.Champion is not null) ?? snapshot.FirstOrDefault();
        var loaded = status?.Champion is not null;
        var database = await checks.CheckHealthAsync(c => c.Name == "database", ct);
        var healthy = loaded && database.Status == HealthStatus.Healthy;
        var body = new HealthResponse(healthy ? "healthy" : "unhealthy", loaded, status?.Model ?? model);
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
