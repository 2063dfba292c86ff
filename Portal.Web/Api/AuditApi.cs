using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Audit;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class AuditApi
{
    public const int MaxTake = 1000;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", QueryAudit).RequireAuthorization(Policies.Admin).WithTags("Audit").WithName("QueryAudit")
            .WithSummary("Admin actions, newest first, filtered by actor, action, target and time (exact matches; from/to inclusive).");
        return api;
    }

    public static async Task<Results<Ok<List<AuditEntryResponse>>, ProblemHttpResult>> QueryAudit(
        IAuditLog audit, CancellationToken ct,
        string? actor = null, string? action = null, string? target = null, DateTimeOffset? from = null, DateTimeOffset? to = null, int? take = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (!string.IsNullOrEmpty(action) && !AuditActions.All.Contains(action)) errors["action"] = [$"must be one of {string.Join(", ", AuditActions.All)}."];
        if (take is < 1 or > MaxTake) errors["take"] = [$"must be between 1 and {MaxTake}."];
        if (from > to) errors["from"] = ["must not be after 'to'."];
        if (errors.Count > 0) return ApiProblems.Invalid("The audit filter is not valid.", errors);

        var entries = await audit.QueryAsync(new AuditQuery(actor, action, target, from, to, take ?? 200), ct);
        return TypedResults.Ok(entries.Select(ToResponse).ToList());
    }

    private static AuditEntryResponse ToResponse(AuditEntry e) => new(e.Id, e.At, e.Actor, e.Action, e.Target, Details(e.Details));

    private static JsonElement? Details(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
