using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Registry;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>Model cards: <c>GET</c> as JSON or, with <c>Accept: text/markdown</c>, as Markdown; <c>PUT</c> the editable text.</summary>
public static class ModelCardsApi
{
    public static RouteGroupBuilder MapModelCardsApi(this RouteGroupBuilder models)
    {
        models.MapGet("/{name}/versions/{version:int}/card", GetCard).WithName("GetModelCard")
            .WithSummary("A version's model card as JSON; send 'Accept: text/markdown' for the same card as Markdown.")
            .Produces<ModelCard>(StatusCodes.Status200OK).AlsoProducesText(ModelCardMarkdown.ContentType);
        models.MapPut("/{name}/versions/{version:int}/card", UpdateCard).RequireAuthorization(Policies.DataScientist).WithName("UpdateModelCard")
            .WithSummary($"Replace the card's intended use and limitations (each at most {ModelCardService.MaxTextLength} characters).");
        return models;
    }

    public static async Task<Results<Ok<ModelCard>, ContentHttpResult, ProblemHttpResult>> GetCard(
        string name, int version, HttpRequest request, ModelCardService cards, CancellationToken ct)
    {
        if (await cards.GetAsync(name, version, ct) is not { } card) return ApiProblems.NotFound($"Model '{name}' has no version {version}.");
        return WantsMarkdown(request)
            ? TypedResults.Text(ModelCardMarkdown.Render(card), ModelCardMarkdown.ContentType, System.Text.Encoding.UTF8)
            : TypedResults.Ok(card);
    }

    public static async Task<Results<Ok<ModelCard>, ProblemHttpResult>> UpdateCard(
        string name, int version, UpdateCardRequest body, ModelCardService cards, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = ModelCardService.Validate(body.IntendedUse, body.Limitations);
        if (errors.Count > 0) return ApiProblems.Invalid("The card text is too long: " + string.Join(" ", errors.Select(e => $"{e.Key} {e.Value[0]}")), errors);
        return await cards.UpdateAsync(name, version, body.IntendedUse, body.Limitations, UserNames.Of(user), ct) is { } card
            ? TypedResults.Ok(card)
            : ApiProblems.NotFound($"Model '{name}' has no version {version}.");
    }

    /// <summary>Markdown when the client asks for text/markdown and rates it at least as high as JSON.</summary>
    private static bool WantsMarkdown(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        double Quality(string type) => accept
            .Where(a => a.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(-1)
            .Max();
        var markdown = Quality(ModelCardMarkdown.ContentType);
        return markdown > 0 && markdown >= Quality("application/json");
    }
}
