using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Registry;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>Ensembles: versions that average other registered versions of the same model, and their health.</summary>
public static class EnsemblesApi
{
    public static RouteGroupBuilder MapEnsemblesApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models/{name}").WithTags("Ensembles");
        models.MapPost("/ensembles", Create).RequireAuthorization(Policies.DataScientist).WithName("CreateEnsemble")
            .WithSummary("Register a version that serves the weighted mean of 2 to 5 registered versions' probabilities, evaluated on the newest component's test split.");
        models.MapGet("/ensemble", ForModel).WithName("ModelEnsembles")
            .WithSummary("The model's ensemble versions: where each serves, whether it is loaded, and each component's weight, stage, scorer, AUC and contribution.");
        api.MapGet("/ml/ensemble/status", Serving).WithTags("Ensembles").WithName("EnsembleStatus")
            .WithSummary("Every serving ensemble (champion, challenger or rollout candidate) of every model, with its components' health and performance.");
        return api;
    }

    public static async Task<Results<Created<VersionResponse>, ProblemHttpResult>> Create(
        string name, CreateEnsembleRequest? body, EnsembleBuilder builder, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var components = new List<EnsembleComponentRequest>();
        if (body?.Components is null) errors["components"] = ["is required: a list of 2 to 5 {\"version\": N, \"weight\": w} entries."];
        else
        {
            for (var i = 0; i < body.Components.Count; i++)
            {
                if (body.Components[i]?.Version is not { } version) errors[$"components[{i}].version"] = ["is required."];
                else components.Add(new EnsembleComponentRequest(version, body.Components[i]!.Weight ?? 1));
            }
        }

        if (errors.Count > 0) return ApiProblems.Invalid("The ensemble request is incomplete.", errors);
        try
        {
            var created = await builder.CreateAsync(name, new EnsembleRequest(components, body!.Description), UserNames.Of(user), ct);
            if (created is not { } made) return ApiProblems.NotFound($"Model '{name}' does not exist.");
            var (version, manifest) = made;
            return TypedResults.Created($"/api/models/{version.Model}/versions/{version.Version}", version.ToResponse() with { Components = manifest.Components });
        }
        catch (EnsembleValidationException ex)
        {
            return ApiProblems.Invalid(ex.Message, ex.Errors);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<EnsembleStatus>>, ProblemHttpResult>> ForModel(string name, EnsembleStatusReader reader, CancellationToken ct) =>
        await reader.ForModelAsync(name, ct) is { } list ? TypedResults.Ok(list) : ApiProblems.NotFound($"Model '{name}' does not exist.");

    public static async Task<Ok<EnsembleStatusListResponse>> Serving(EnsembleStatusReader reader, CancellationToken ct)
    {
        var list = await reader.ServingAsync(ct);
        return TypedResults.Ok(new EnsembleStatusListResponse(list.Count, list));
    }
}
