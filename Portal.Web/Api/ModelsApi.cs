using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Common;
using Portal.Core.Registry;
using Portal.Web.Api.Contracts;
using Portal.Web.Api.Errors;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models").WithTags("Registry");
        models.MapGet("/", ListModels).WithName("ListModels").WithSummary("Every model with its champion and challenger versions and version count.");
        models.MapGet("/{name}", GetModel).WithName("GetModel").WithSummary("A model with all its versions.");
        models.MapGet("/{name}/versions/{version:int}", GetVersion).WithName("GetVersion").WithSummary("A model version: trainer, dataset, label, features, test metrics, SHA-256, aliases and stage.");
        models.MapPost("/{name}/versions", ImportVersion).RequireAuthorization(Policies.DataScientist).WithName("ImportVersion")
            .WithSummary("Register an ML.NET model zip trained elsewhere (multipart: 'file', 'datasetId', 'label', optional 'positiveClass', 'testFraction', 'seed'), evaluated here on the dataset's held-out split.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        models.MapModelCardsApi();
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

    /// <summary>Registers a model trained elsewhere (an ML.NET zip or an ONNX file); any refusal (not a model, inputs that do not fit the dataset) registers nothing.</summary>
    public static async Task<Results<Created<VersionResponse>, ProblemHttpResult>> ImportVersion(
        string name, HttpRequest request, ModelImporter importer, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send multipart/form-data with the ML.NET model zip or ONNX file in 'file', and 'datasetId' and 'label' to evaluate it on.");
        var form = await request.ReadFormSafelyAsync(ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var file = form.Files.GetFile("file");
        if (file is null) errors["file"] = ["An ML.NET model zip or an ONNX file is required in the multipart field 'file'."];
        var rawDatasetId = form["datasetId"].FirstOrDefault();
        int datasetId = 0;
        if (string.IsNullOrWhiteSpace(rawDatasetId)) errors["datasetId"] = ["is required: the id of the registered dataset to evaluate the model on."];
        else if (!int.TryParse(rawDatasetId, NumberStyles.None, CultureInfo.InvariantCulture, out datasetId)) errors["datasetId"] = [$"'{rawDatasetId}' is not a dataset id."];
        var label = form["label"].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(label)) errors["label"] = ["is required: the dataset column the model predicts."];
        var (testFraction, seed) = ImportSplitForm.Read(form, errors);
        if (TextLimits.Check(label, TextLimits.Name) is { } labelTooLong) errors["label"] = [labelTooLong];
        if (TextLimits.Check(form["positiveClass"].FirstOrDefault(), TextLimits.Name) is { } classTooLong) errors["positiveClass"] = [classTooLong];
        if (errors.Count > 0) return ApiProblems.Invalid("The import request is incomplete: " + string.Join(" ", errors.Select(e => $"{e.Key} {e.Value[0]}")), errors);
        if (file!.Length > ModelImporter.MaxArtefactBytes)
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "File too large", $"A model file may be at most {ModelImporter.MaxArtefactBytes / (1024 * 1024)} MB.");

        var bytes = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
            await stream.ReadExactlyAsync(bytes, ct);
        try
        {
            var version = await importer.ImportAsync(name, new ModelImportRequest(datasetId, label!.Trim(), form["positiveClass"].FirstOrDefault()?.Trim(), testFraction, seed), bytes, UserNames.Of(user), ct);
            return TypedResults.Created($"/api/models/{version.Model}/versions/{version.Version}", version.ToResponse());
        }
        catch (ModelImportException ex)
        {
            return ApiProblems.Invalid(ex.Message, ex.Errors, ex.IsFileRefused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status400BadRequest);
        }
    }
}
