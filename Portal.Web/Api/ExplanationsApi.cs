using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Predictions;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;

namespace Portal.Web.Api;

/// <summary>
/// Exact explanations of logged predictions, recomputed with the version that made them (loaded if it no longer
/// serves, and kept by the model server like a pinned version). <c>/api/ml/explain/{id}</c> is seed 000's name for it.
/// </summary>
public static class ExplanationsApi
{
    public static RouteGroupBuilder MapExplanationsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/predictions/{id:guid}/explanation", Get).WithName("GetPredictionExplanation").WithTags("Prediction")
            .WithSummary("The exact (TreeSHAP / linear) explanation of a logged prediction, by the version that made it.");
        api.MapGet("/ml/explain/{id:guid}", Get).WithName("ExplainAlias").WithTags("Prediction")
            .WithSummary("Seed 000's name for GET /api/predictions/{id}/explanation.");
        return api;
    }

    public static async Task<Results<Ok<ExplanationResponse>, ProblemHttpResult>> Get(Guid id, IPredictionStore store, PredictionService predictions, CancellationToken ct)
    {
        if (await store.GetAsync(id, ct) is not { } r)
            return ApiProblems.NotFound($"Prediction {id} is not in the log (it may not be written yet, or was never made).");
        var explained = predictions.Explain(r.Model, r.Version, Encoding.UTF8.GetBytes(r.InputsJson));
        return explained.Value is { } e
            ? TypedResults.Ok(ExplanationResponse.From(e, id))
            : ForExplanation(explained.Failure, explained.Message!, explained.Errors);
    }

    /// <summary>Not explainable is a conflict with the version's state (409); a logged row its version no longer binds is 422.</summary>
    public static ProblemHttpResult ForExplanation(PredictFailure failure, string message, IReadOnlyDictionary<string, string[]>? errors) => failure switch
    {
        PredictFailure.NotExplainable => ApiProblems.Status(StatusCodes.Status409Conflict, "Explanations unavailable", message),
        PredictFailure.InvalidInput => ApiProblems.Invalid(message, errors ?? new Dictionary<string, string[]>(), StatusCodes.Status422UnprocessableEntity),
        _ => ApiProblems.ForPrediction(failure, message, errors),
    };
}
