using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Web.Auth;
using Portal.Web.Extensions;

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
            .WithSummary("Every logged prediction of the model as CSV (features as columns), formula cells neutralised.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv");
        return api;
    }

    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/ops").RequireAuthorization(Policies.Viewer).WithTags("Ops")
            .MapGet("/export/outcomes.csv", Outcomes).WithName("ExportOutcomes")
            .WithSummary("Predictions joined with their labels as CSV (?model=NAME): prediction_id, model, version, at, features, predicted_label, probability, true_label, label_timestamp, label_source.")
            .Produces<Stream>(StatusCodes.Status200OK, "text/csv").ProducesValidationProblem();
        var downloads = app.MapGroup("/download").RequireAuthorization(Policies.Viewer).ExcludeFromDescription();
        downloads.MapGet("/models/{name}/outcomes.csv", (string name, PredictionCsvExport export, CancellationToken ct) => OutcomesOf(name, export, ct)).WithName("DownloadOutcomes");
        downloads.MapGet("/models/{name}/predictions.csv", Predictions).WithName("DownloadPredictions");
        return app;
    }

    /// <summary>The runbook calls it without a model name: then the only model, or the demo model, is meant (as /ops/model-status does).</summary>
    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult>> Outcomes(
        string? model, PredictionCsvExport export, IModelRegistry registry, IOptions<PortalOptions> options, CancellationToken ct)
    {
        var name = await DefaultModel.ResolveAsync(model, registry, options.Value, ct);
        return name is null
            ? ApiProblems.Invalid("model", "Several models exist: name one with ?model=NAME.")
            : await OutcomesOf(name, export, ct);
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
