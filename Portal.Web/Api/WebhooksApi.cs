using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Webhooks;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>Admins register URLs that get a signed JSON POST when something happens to a model (README, "Webhooks").</summary>
public static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooksApi(this RouteGroupBuilder api)
    {
        var hooks = api.MapGroup("/webhooks").RequireAuthorization(Policies.Admin).WithTags("Webhooks");
        hooks.MapPost("/", CreateWebhook).WithName("CreateWebhook").WithSummary("Register a webhook; its signing secret is shown once.");
        hooks.MapGet("/", ListWebhooks).WithName("ListWebhooks").WithSummary("Configured webhooks with their events and state.");
        hooks.MapGet("/{id:int}", GetWebhook).WithName("GetWebhook").WithSummary("A webhook with its events and state.");
        hooks.MapPatch("/{id:int}", UpdateWebhook).WithName("UpdateWebhook").WithSummary("Enable or disable a webhook, or change its events.");
        hooks.MapPut("/{id:int}", UpdateWebhook).WithName("ReplaceWebhookSettings").WithSummary("Replaces a webhook's settings.");
        hooks.MapDelete("/{id:int}", DeleteWebhook).WithName("DeleteWebhook").WithSummary("Deletes a webhook and stops its deliveries.");
        hooks.MapGet("/{id:int}/deliveries", ListDeliveries).WithName("ListWebhookDeliveries").WithSummary("The webhook's newest deliveries with every attempt.");
        hooks.MapPost("/{id:int}/test", TestWebhook).WithName("TestWebhook").WithSummary("Send a ping event to the webhook.");
        return api;
    }

    public static async Task<Results<Created<CreatedWebhookResponse>, ProblemHttpResult>> CreateWebhook(CreateWebhookRequest body, WebhookService webhooks, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            var (w, secret) = await webhooks.CreateAsync(body.Url, body.Events, body.Description, UserNames.Of(user), ct);
            return TypedResults.Created($"/api/webhooks/{w.Id}", new CreatedWebhookResponse(w.Id, w.Url, w.Events, w.Description, w.Enabled, secret));
        }
        catch (WebhookValidationException ex)
        {
            return ApiProblems.Invalid("The webhook cannot be registered.", ex.Errors);
        }
    }

    public static async Task<Ok<List<WebhookResponse>>> ListWebhooks(WebhookService webhooks, CancellationToken ct) =>
        TypedResults.Ok((await webhooks.ListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> GetWebhook(int id, WebhookService webhooks, CancellationToken ct) =>
        await webhooks.GetAsync(id, ct) is { } w ? TypedResults.Ok(ToResponse(w)) : Missing(id);

    public static async Task<Results<Ok<WebhookResponse>, ProblemHttpResult>> UpdateWebhook(int id, UpdateWebhookRequest body, WebhookService webhooks, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            return await webhooks.UpdateAsync(id, body.Enabled, body.Events, UserNames.Of(user), ct) is { } w ? TypedResults.Ok(ToResponse(w)) : Missing(id);
        }
        catch (WebhookValidationException ex)
        {
            return ApiProblems.Invalid("The webhook cannot be changed.", ex.Errors);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(int id, WebhookService webhooks, ClaimsPrincipal user, CancellationToken ct) =>
        await webhooks.DeleteAsync(id, UserNames.Of(user), ct) ? TypedResults.NoContent() : Missing(id);

    public static async Task<Results<Ok<List<WebhookDeliveryResponse>>, ProblemHttpResult>> ListDeliveries(int id, WebhookService webhooks, CancellationToken ct, int take = 50) =>
        await webhooks.DeliveriesAsync(id, take, ct) is { } deliveries ? TypedResults.Ok(deliveries.Select(ToResponse).ToList()) : Missing(id);

    public static async Task<Results<Accepted<WebhookDeliveryResponse>, ProblemHttpResult>> TestWebhook(int id, WebhookService webhooks, ClaimsPrincipal user, CancellationToken ct) =>
        await webhooks.PingAsync(id, UserNames.Of(user), ct) is { } d ? TypedResults.Accepted($"/api/webhooks/{id}/deliveries", ToResponse(d)) : Missing(id);

    private static ProblemHttpResult Missing(int id) => ApiProblems.NotFound($"There is no webhook {id}.");

    private static WebhookResponse ToResponse(WebhookSubscription w) => new(w.Id, w.Url, w.Events, w.Description, w.Enabled, w.CreatedBy, w.CreatedAt);

    private static WebhookDeliveryResponse ToResponse(WebhookDelivery d) => new(d.Id, d.WebhookId, d.EventType, d.Model, d.Status, d.CreatedAt, d.NextAttemptAt,
        d.Attempts.Select(a => new WebhookAttemptResponse(a.At, a.StatusCode, a.Error, a.DurationMs, a.Succeeded)).ToList(), d.PayloadJson);
}
