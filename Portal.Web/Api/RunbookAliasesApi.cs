using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Drift;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>
/// The operations runbooks' own paths, so their curl lines work unchanged: each resolves the model the runbook means
/// (?model=NAME, else the only or the demo model) and calls the native handler, with the native route's auth.
/// </summary>
public static class RunbookAliasesApi
{
    public static IEndpointRouteBuilder MapRunbookAliasesApi(this IEndpointRouteBuilder app)
    {
        var aliases = app.MapGroup("").RequireAuthorization(Policies.Viewer).DisableAntiforgery();
        aliases.MapGet("/model/info", ModelInfo).WithName("RunbookModelInfo").Documented("Registry",
            "Seed 001's model information: GET /api/models/{name} (the model with all its versions) for ?model=NAME, default the only or the demo model.");
        aliases.MapGet("/stats", StatsApi.GetStats).WithName("RunbookStats").Documented("Ops",
            "Seed 001's API statistics: the same body as GET /api/stats (requests, 4xx, 5xx, error rate, average and p95 latency per endpoint).");
        aliases.MapGet("/monitoring/stats", MonitoringStats).WithName("RunbookMonitoringStats").Documented("Monitoring",
            "Seed 003's prediction volume: predictions logged per hour (last 24 h) and per day (last 7 days) for ?model=NAME, default the only or the demo model.");
        aliases.MapGet("/api/ml/status", MlStatus).WithName("RunbookMlStatus").Documented("Ops",
            "Seed 000's model status: the /ops/model-status body (loaded, version, auc, drift_score, health...) of every model.");
        aliases.MapGet("/api/ml/models/performance", Performance).WithName("RunbookMlPerformance").Documented("Monitoring",
            "Seed 000's performance check: GET /api/models/{name}/performance (realized AUC, F1, Brier per version and bucket) for ?model=NAME; same query parameters.");
        aliases.MapGet("/api/ml/drift/status", DriftStatus).WithName("RunbookMlDriftStatus").Documented("Monitoring",
            "Seed 000's drift check: GET /api/models/{name}/drift (the latest drift run with its drift share and per-feature tests) for ?model=NAME.");
        aliases.MapGet("/ops/model-card", ModelCard).WithName("RunbookModelCard").Documented("Ops",
            "Seed 004's model card: GET /api/models/{name}/versions/{champion}/card for the champion of ?model=NAME (Accept: text/markdown for Markdown).")
            .Produces<ModelCard>(StatusCodes.Status200OK).AlsoProducesText(ModelCardMarkdown.ContentType);
        return app;
    }

    public static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> ModelInfo(
        string? model, IModelRegistry registry, IOptions<PortalOptions> options, CancellationToken ct) =>
        await DefaultModel.ResolveAsync(model, registry, options.Value, ct) is { } name
            ? await ModelsApi.GetModel(name, registry, ct)
            : SeveralModels();

    public static async Task<Results<Ok<MonitoringStatsResponse>, ProblemHttpResult>> MonitoringStats(
        string? model, IModelRegistry registry, IPredictionStore predictions, IOptions<PortalOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (await DefaultModel.ResolveAsync(model, registry, options.Value, ct) is not { } name) return SeveralModels();
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        var now = time.GetUtcNow();
        var times = (await predictions.GetOutcomesAsync(name, now.AddDays(-7), now.AddTicks(1), ct)).Select(o => o.At).ToList();
        return TypedResults.Ok(new MonitoringStatsResponse(name, now,
            times.Count(t => t > now.AddHours(-1)), times.Count(t => t > now.AddDays(-1)), times.Count,
            PredictionVolume.Count(times, now.AddHours(-23), now, TimeSpan.FromHours(1)),
            PredictionVolume.Count(times, now.AddDays(-6), now, TimeSpan.FromDays(1))));
    }

    public static async Task<Ok<MlStatusResponse>> MlStatus(IModelRegistry registry, ModelStatusReader statuses, CancellationToken ct)
    {
        var models = await registry.ListModelsAsync(ct);
        return TypedResults.Ok(new MlStatusResponse(models.Select(m => statuses.Read(m.Name)).Select(OpsApi.ToResponse).ToList()));
    }

    public static async Task<Results<Ok<PerformanceResponse>, ProblemHttpResult>> Performance(
        string? model, DateTimeOffset? from, DateTimeOffset? to, string? bucket, string? estimated,
        IModelRegistry registry, PerformanceService performance, IOptions<PortalOptions> options, CancellationToken ct) =>
        await DefaultModel.ResolveAsync(model, registry, options.Value, ct) is { } name
            ? await PerformanceApi.Get(name, from, to, bucket, estimated, performance, ct)
            : SeveralModels();

    public static async Task<Results<Ok<DriftRunResponse>, ProblemHttpResult>> DriftStatus(
        string? model, IModelRegistry registry, DriftService drift, IOptions<PortalOptions> options, CancellationToken ct) =>
        await DefaultModel.ResolveAsync(model, registry, options.Value, ct) is { } name
            ? await DriftApi.Latest(name, drift, ct)
            : SeveralModels();

    public static async Task<Results<Ok<ModelCard>, ContentHttpResult, ProblemHttpResult>> ModelCard(
        string? model, HttpRequest request, IModelRegistry registry, ModelStatusReader statuses, ModelCardService cards,
        IOptions<PortalOptions> options, CancellationToken ct)
    {
        if (await DefaultModel.ResolveAsync(model, registry, options.Value, ct) is not { } name) return SeveralModels();
        if (statuses.Serving(name)?.Champion is not { } champion)
            return await registry.GetModelAsync(name, ct) is null
                ? ApiProblems.NotFound($"Model '{name}' does not exist.")
                : ApiProblems.NotFound($"Model '{name}' has no champion: name a version with GET /api/models/{name}/versions/{{version}}/card.");
        return await ModelCardsApi.GetCard(name, champion.Version, request, cards, ct);
    }

    private static ProblemHttpResult SeveralModels() => ApiProblems.Invalid("model", "Several models exist: name one with ?model=NAME.");

    /// <summary>Summary, tag and the refusals, so a generated client handles them (OpenApiRules adds the credentials).</summary>
    private static RouteHandlerBuilder Documented(this RouteHandlerBuilder route, string tag, string summary) => route
        .WithTags(tag).WithSummary(summary)
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
