using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Drift;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>The runbook surface (snake_case bodies): model status and a validated hot reload.</summary>
public static class OpsApi
{
    public static IEndpointRouteBuilder MapOpsApi(this IEndpointRouteBuilder app)
    {
        var ops = app.MapGroup("/ops").RequireAuthorization(Policies.Viewer).DisableAntiforgery().WithTags("Ops");
        ops.MapGet("/model-status", ModelStatus).WithName("ModelStatus")
            .WithSummary("loaded, version, version_date, auc, n_train, load_time, age_hours, drift_score and a health state (?model=NAME; default: the only or the demo model).")
            .ProducesValidationProblem();
        ops.MapPost("/reload-model", ReloadModel).RequireAuthorization(Policies.Admin).WithName("ReloadModel")
            .WithSummary("Re-read the champion from the registry and artefact store, check its SHA-256 (and AUC against ?min_auc=), swap it in; the old engine keeps serving on any failure.")
            .ProducesValidationProblem();
        return app;
    }

    public static async Task<Results<Ok<ModelStatusResponse>, ProblemHttpResult>> ModelStatus(
        string? model, ModelStatusReader statuses, IModelRegistry registry, IOptions<PortalOptions> options, CancellationToken ct)
    {
        var name = await DefaultModel.ResolveAsync(model, registry, options.Value, ct);
        if (name is null) return ApiProblems.Invalid("model", "Several models exist: name one with ?model=NAME.");
        if (statuses.Serving(name) is null && await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Ok(ToResponse(statuses.Read(name)));
    }

    public static ModelStatusResponse ToResponse(ModelStatus s) =>
        new(s.Model, s.Loaded, s.Version, s.VersionDate, s.Auc, s.TrainRows, s.LoadTime, s.AgeHours, s.DriftScore, s.Health, s.Error);

    public static async Task<Results<Ok<ReloadResponse>, JsonHttpResult<ReloadResponse>, ProblemHttpResult>> ReloadModel(
        string? model, string? min_auc, PromotionService promotions, IModelRegistry registry, IOptions<PortalOptions> options, ClaimsPrincipal user, CancellationToken ct)
    {
        double? minAuc = null;
        if (min_auc is not null)
        {
            if (!double.TryParse(min_auc, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !(parsed >= 0 && parsed <= 1))
                return ApiProblems.Invalid("min_auc", $"min_auc must be a number between 0 and 1; got '{min_auc}'.");
            minAuc = parsed;
        }

        var name = await DefaultModel.ResolveAsync(model, registry, options.Value, ct);
        if (name is null) return ApiProblems.Invalid("model", "Several models exist: name one with ?model=NAME.");
        var outcome = await promotions.ReloadAsync(name, minAuc, UserNames.Of(user), ct);
        if (outcome.Ok) return TypedResults.Ok(new ReloadResponse(true, name, outcome.Version, outcome.Auc, minAuc, null, null));
        if (outcome.NotFound) return ApiProblems.NotFound(outcome.Error!);
        return TypedResults.Json(new ReloadResponse(false, name, outcome.Version, outcome.Auc, outcome.MinAuc, outcome.Error, true), statusCode: StatusCodes.Status422UnprocessableEntity);
    }
}
