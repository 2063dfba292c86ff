using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Web.Api.Contracts;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

public static class PredictionApi
{
    public static RouteGroupBuilder MapPredictionApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{name}/predict", Predict).WithName("Predict").ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithTags("Prediction")
            .WithSummary("Score one row ({\"features\":{...}}) or a batch ({\"instances\":[...]}); ?version=N or ?alias=challenger picks another version.")
            .Accepts<PredictRequest>("application/json").ProducesOneOf<PredictResponse, BatchPredictResponse>();
        api.MapGet("/predictions/{id:guid}", GetPrediction).WithName("GetPrediction").WithSummary("A logged prediction: its inputs after PII redaction, output, version, latency and time.").WithTags("Prediction");
        return api;
    }

    /// <summary>
    /// The hot path: the body is read into a pooled buffer and bound straight from its bytes (no DOM), and the answer is
    /// written by <see cref="PredictionJsonResult"/>.
    /// </summary>
    public static async Task<Results<PredictionJsonResult, ProblemHttpResult>> Predict(
        string name, int? version, string? alias, string? explain, HttpRequest request, PredictionService predictions, IOptions<PortalOptions> options, CancellationToken ct)
    {
        if (version is not null && alias is not null) return ApiProblems.Invalid("version", "Give either ?version= or ?alias=, not both.");
        if (!TryExplainFlag(explain, out var explaining)) return ApiProblems.Invalid("explain", $"explain must be true or false; got '{explain}'.");
        // Refused before scoring, so nothing is logged for an answer the caller cannot have.
        if (explaining && predictions.WhyNotExplainable(name, alias, version) is { } why)
            return ApiProblems.Status(StatusCodes.Status409Conflict, "Explanations unavailable", why);
        using var body = await PooledBody.ReadAsync(request, ct);
        if (!PredictRequestBody.TryLocate(body.Span, out var located, out var error)) return ApiProblems.Invalid("body", error!);
        var stickyKey = StickyKeyOf(request);

        if (located.Instances is { } instances)
        {
            var batch = predictions.PredictBatch(name, alias, version, body.Span[instances], options.Value.Serving.BatchLimit, stickyKey);
            if (batch.Value is not { } b) return ApiProblems.ForPrediction(batch.Failure, batch.Message!, batch.Errors);
            if (!explaining) return new PredictionJsonResult(b);
            var rows = PredictRequestBody.Elements(body.Span[instances])!;
            var explained = new PredictOutcome<Explanation>[rows.Count];
            for (var i = 0; i < rows.Count; i++) explained[i] = predictions.Explain(b.Model, b.Version, body.Span[instances][rows[i]]);
            return new PredictionJsonResult(b, explained);
        }

        if (located.Features is not { } features)
            return ApiProblems.Invalid("features", "The body needs a 'features' object (one row) or an 'instances' array (a batch).");
        var single = predictions.Predict(name, alias, version, body.Span[features], stickyKey);
        if (single.Value is not { } p) return ApiProblems.ForPrediction(single.Failure, single.Message!, single.Errors);
        return explaining ? new PredictionJsonResult(p, predictions.Explain(p.Model, p.Version, body.Span[features])) : new PredictionJsonResult(p);
    }

    /// <summary>?explain= as true or false (any case); absent is false.</summary>
    private static bool TryExplainFlag(string? value, out bool explain)
    {
        explain = false;
        return value is null || bool.TryParse(value, out explain);
    }

    /// <summary>The request's <c>X-Portal-Key</c>, which keeps a caller on one rollout arm; null when absent or empty.</summary>
    private static string? StickyKeyOf(HttpRequest request) =>
        request.Headers.TryGetValue(RolloutStickyKey.HeaderName, out var key) && !string.IsNullOrEmpty(key) ? key.ToString() : null;

    public static async Task<Results<Ok<PredictionRecordResponse>, ProblemHttpResult>> GetPrediction(Guid id, IPredictionStore store, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } r)
            return ApiProblems.NotFound($"Prediction {id} is not in the log (it may not be written yet, or was never made).");
        using var inputs = JsonDocument.Parse(r.InputsJson);
        return TypedResults.Ok(new PredictionRecordResponse(r.Id, r.Model, r.Version, r.Alias, inputs.RootElement.Clone(), r.Label, r.Probability, r.LatencyMs, r.At));
    }
}
