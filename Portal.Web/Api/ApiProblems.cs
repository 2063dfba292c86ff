using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Serving;

namespace Portal.Web.Api;

/// <summary>RFC 9457 bodies with a plain-words <c>detail</c>; validation problems add an <c>errors</c> map.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Invalid(string detail, IReadOnlyDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary()) { Status = status, Title = "The request is not valid", Detail = detail });

    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The status code of each way a prediction can fail.</summary>
    public static ProblemHttpResult ForPrediction(PredictFailure failure, string message, IReadOnlyDictionary<string, string[]>? errors) => failure switch
    {
        PredictFailure.InvalidInput => Invalid(message, errors ?? new Dictionary<string, string[]>()),
        PredictFailure.UnknownAlias => Invalid("alias", message),
        PredictFailure.UnknownModel or PredictFailure.UnknownVersion or PredictFailure.AliasNotAssigned => NotFound(message),
        PredictFailure.TooManyRows => Status(StatusCodes.Status413PayloadTooLarge, "Batch too large", message),
        PredictFailure.NoChampion or PredictFailure.ModelUnavailable => Status(StatusCodes.Status503ServiceUnavailable, "No model to serve", message),
        _ => Status(StatusCodes.Status500InternalServerError, "Prediction failed", message),
    };
}
