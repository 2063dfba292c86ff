using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Exports;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>
/// CSV exports of the prediction log, streamed row by row with formula cells neutralised: the runbook's outcomes export
/// (predictions joined with labels), the predictions alone, and cookie-authorized twins under /download for the pages.
/// </summary>
public static class ExportsApi
{
    private const string CsvType = "text/csv; charset=utf-8";

    public static RouteGroupBuilder MapExportsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/models/{name}/predictions.csv", Predictions).WithTags("Monitoring").WithName("ExportPredictions")
            .WithSummary("Every logged prediction of the model as CSV (features as columns), formula cells neutralised.");
        return api;
    }

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/ops").RequireAuthorization(Policies.Viewer).WithTags("Ops")
            .MapGet("/export/outcomes.csv", Outcomes).WithName("ExportOutcomes")
            .WithSummary("Predictions joined with their labels as CSV (?model=NAME): prediction_id, model, version, at, features, predicted_label, probability, true_label, label_timestamp, label_source.");
        var downloads = app.MapGroup("/download").RequireAuthorization(Policies.Viewer).ExcludeFromDescription();
        downloads.MapGet("/models/{name}/outcomes.csv", (string name, PredictionCsvExport export, CancellationToken ct) => OutcomesOf(name, export, ct)).WithName("DownloadOutcomes");
        downloads.MapGet("/models/{name}/predictions.csv", Predictions).WithName("DownloadPredictions");
        return app;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Outcomes(string? model, PredictionCsvExport export, Portal.Core.Registry.IModelRegistry registry, CancellationToken ct)
    {
        var name = model;
        if (string.IsNullOrWhiteSpace(name))
        {
            var models = await registry.ListModelsAsync(ct);
            if (models.Count != 1) return ApiProblems.Invalid("model", "Name the model with ?model=NAME.");
            name = models[0].Name;
        }

        return await OutcomesOf(name, export, ct);
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> OutcomesOf(string name, PredictionCsvExport export, CancellationToken ct)
    {
        if (await export.FeatureNamesAsync(name, ct) is not { } features) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Stream(body => export.WriteOutcomesAsync(body, name, features, ct), CsvType, $"{name}-outcomes.csv");
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Predictions(string name, PredictionCsvExport export, CancellationToken ct)
    {
        if (await export.FeatureNamesAsync(name, ct) is not { } features) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Stream(body => export.WritePredictionsAsync(body, name, features, ct), CsvType, $"{name}-predictions.csv");
    }
}
