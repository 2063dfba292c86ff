using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Registry;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>A version's calibration (reliability diagram of its test split) and permutation importance, as kept in its evaluation.</summary>
public static class QualityApi
{
    public static RouteGroupBuilder MapQualityApi(this RouteGroupBuilder api)
    {
        var versions = api.MapGroup("/models/{name}/versions/{version:int}").WithTags("Registry");
        versions.MapGet("/calibration", GetCalibration).WithName("GetCalibration")
            .WithSummary("The reliability diagram (10 bins) and expected calibration error of the version's test split.");
        versions.MapGet("/importance", GetImportance).WithName("GetImportance")
            .WithSummary("Permutation importance of each feature on the version's test split (AUC drop, mean and std over seeded repeats) and its mean |SHAP| (log-odds).");
        return api;
    }

    public static async Task<Results<Ok<CalibrationResponse>, ProblemHttpResult>> GetCalibration(string name, int version, IModelRegistry registry, CancellationToken ct)
    {
        if (await registry.GetVersionAsync(name, version, ct) is not { } found) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        var why = found.Evaluation.InsightsNote is { } note ? $" ({note})" : "";
        return CalibrationResponse.From(found.Evaluation.Calibration) is { } calibration
            ? TypedResults.Ok(calibration)
            : ApiProblems.NotFound($"Version {version} of '{name}' has no reliability diagram: it was evaluated before Portal kept one{why}.");
    }

    public static async Task<Results<Ok<ImportanceResponse>, ProblemHttpResult>> GetImportance(string name, int version, IModelRegistry registry, CancellationToken ct)
    {
        if (await registry.GetVersionAsync(name, version, ct) is not { } found) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        if (ImportanceResponse.From(found.Evaluation) is { } importance) return TypedResults.Ok(importance);
        var why = found.Evaluation.InsightsNote is { } note ? $" ({note})" : "";
        return ApiProblems.NotFound(found.Source == VersionSources.Trained
            ? $"Version {version} of '{name}' has no feature importance: it was trained before Portal computed it{why}."
            : $"Version {version} of '{name}' has no feature importance: permutation importance is computed when Portal trains a version, this one was {found.Source}, and it has no mean |SHAP|{why}.");
    }
}
