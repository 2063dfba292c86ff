using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Registry;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Registry");
        models.MapGet("/", ListModels).WithName("ListModels");
        models.MapGet("/{name}", GetModel).WithName("GetModel").WithSummary("A model with all its versions.");
        models.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("GetVersion");
        return api;
    }

    public static async Task<Ok<List<ModelSummaryResponse>>> ListModels(IModelRegistry registry, CancellationToken ct) =>
        TypedResults.Ok((await registry.ListModelsAsync(ct)).Select(m => m.ToResponse()).ToList());

    public static async Task<Results<Ok<ModelResponse>, ProblemHttpResult>> GetModel(string name, IModelRegistry registry, CancellationToken ct) =>
        await registry.GetModelAsync(name, ct) is { } model ? TypedResults.Ok(model.ToResponse()) : ApiProblems.NotFound($"Model '{name}' does not exist.");

    public static async Task<Results<Ok<VersionResponse>, ProblemHttpResult>> GetVersion(string name, int version, IModelRegistry registry, CancellationToken ct) =>
        await registry.GetVersionAsync(name, version, ct) is { } found
            ? TypedResults.Ok(found.ToResponse())
            : ApiProblems.NotFound($"Model '{name}' has no version {version}.");
}
