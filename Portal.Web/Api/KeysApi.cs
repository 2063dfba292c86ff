using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Auth;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").RequireAuthorization(Policies.Admin).WithTags("API keys");
        keys.MapPost("/", CreateKey).WithName("CreateKey").WithSummary("Create an API key; the key is shown once.");
        keys.MapGet("/", ListKeys).WithName("ListKeys").WithSummary("API keys: name, role, prefix, owner and whether active (never the key itself).");
        keys.MapDelete("/{id:int}", RevokeKey).WithName("RevokeKey").WithSummary("Revokes an API key; requests with it are refused from then on.");
        return api;
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateKey(CreateKeyRequest body, ApiKeyService keys, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body.Name)) errors["name"] = ["is required."];
        if (!Roles.IsKnown(body.Role)) errors["role"] = [$"must be one of {string.Join(", ", Roles.All)}."];
        if (errors.Count > 0) return ApiProblems.Invalid("The key needs a name and a role.", errors);

        var (info, key) = await keys.CreateAsync(body.Name!, body.Role!, PortalActors.Of(user), ct);
        return TypedResults.Created($"/api/keys/{info.Id}", new CreatedKeyResponse(info.Id, info.Name, info.Role, key));
    }

    public static async Task<Ok<List<KeyResponse>>> ListKeys(ApiKeyService keys, CancellationToken ct) =>
        TypedResults.Ok((await keys.ListAsync(ct)).Select(k => k.ToResponse()).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(int id, ApiKeyService keys, ClaimsPrincipal user, CancellationToken ct) =>
        await keys.RevokeAsync(id, UserNames.Of(user), ct) ? TypedResults.NoContent() : ApiProblems.NotFound($"There is no active API key {id}.");
}
