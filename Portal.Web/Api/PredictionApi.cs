using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

public static class PredictionApi
{
    public static RouteGroupBuilder MapPredictionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{name}/predict", Predict).WithName("Predict").WithTags("Prediction")
            .WithSummary("Score one row ({\"features\":{...}}) or a batch ({\"instances\":[...]}); ?version=N or ?alias=challenger picks another version.")
            .Accepts<JsonElement>("application/json");
        api.MapGet("/predictions/{id:guid}", GetPrediction).WithName("GetPrediction").WithTags("Prediction");
        return api;
    }

    public static async Task<Results<Ok<PredictResponse>, Ok<BatchPredictResponse>, ProblemHttpResult>> Predict(
        string name, int? version, string? alias, HttpRequest request, PredictionService predictions, IOptions<PortalOptions> options, CancellationToken ct)
    {
        if (version is not null && alias is not null) return ApiProblems.Invalid("version", "Give either ?version= or ?alias=, not both.");
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return ApiProblems.Invalid("body", $"The body is not valid JSON: {ex.Message}");
        }

        using (body)
        {
            var root = body.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("instances", out var instances))
            {
                var batch = predictions.PredictBatch(name, alias, version, instances, options.Value.Serving.BatchLimit);
                return batch.Value is { } b ? TypedResults.Ok(b.ToResponse()) : ApiProblems.ForPrediction(batch.Failure, batch.Message!, batch.Errors);
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features))
                return ApiProblems.Invalid("features", "The body needs a 'features' object (one row) or an 'instances' array (a batch).");
            var single = predictions.Predict(name, alias, version, features);
            return single.Value is { } p ? TypedResults.Ok(p.ToResponse()) : ApiProblems.ForPrediction(single.Failure, single.Message!, single.Errors);
        }
    }

    public static async Task<Results<Ok<PredictionRecordResponse>, ProblemHttpResult>> GetPrediction(Guid id, IPredictionStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } r)
            return ApiProblems.NotFound($"Prediction {id} is not in the log (it may not be written yet, or was never made).");
        using var inputs = JsonDocument.Parse(r.InputsJson);
        return TypedResults.Ok(new PredictionRecordResponse(r.Id, r.Model, r.Version, r.Alias, inputs.RootElement.Clone(), r.Label, r.Probability, r.LatencyMs, r.At));
    }
}
