using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>Governance: gates, promotion, approval, rollback, history and which version served when.</summary>
public static class RegistryApi
{
    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder api)
    {
        var models = api.MapGroup("/models/{name}").WithTags("Registry");
        models.MapPost("/versions/{version:int}/promote", Promote).RequireAuthorization(Policies.Admin).WithName("PromoteVersion")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Move an alias (champion by default) to this version; promotions to champion must pass the model's gates (422 lists the failing ones).");
        models.MapGet("/versions/{version:int}/gate-check", CheckGates).RequireAuthorization(Policies.Admin).WithName("CheckGates")
            .WithSummary("What the gates would decide for a promotion to champion, without moving anything.");
        models.MapPost("/versions/{version:int}/approve", Approve).RequireAuthorization(Policies.Admin).WithName("ApproveVersion")
            .WithSummary("Approve a version for promotion (four eyes: the approval counts for promotions by another admin).");
        models.MapGet("/versions/{version:int}/approvals", ListApprovals).WithName("ListApprovals").WithSummary("The approvals recorded for a version (four-eyes promotion).");
        models.MapPost("/rollback", Rollback).RequireAuthorization(Policies.Admin).WithName("Rollback").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("The previous champion on the path of champions that served (or ?to=N, an earlier one) serves again at once; 409 when there is none or N is not on that path.");
        models.MapGet("/history", History).WithName("AliasHistory").WithSummary("Every alias move of a model: alias, from and to version, when, by whom, why and the gate results.");
        models.MapGet("/served-at", ServedAt).WithName("ServedAt").WithSummary("The version that served as champion at instant t (ISO 8601).").ProducesValidationProblem();
        models.MapGet("/gates", GetGates).WithName("GetGates").WithSummary("The model's evaluation gates (null means off).");
        models.MapPut("/gates", PutGates).RequireAuthorization(Policies.Admin).WithName("SetGates").WithSummary("Replaces the model's evaluation gates (null turns a gate off).");
        return api;
    }

    public static async Task<Results<Ok<PromoteResponse>, ProblemHttpResult>> Promote(
        string name, int version, PromoteRequest? body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct)
    {
        var alias = string.IsNullOrWhiteSpace(body?.Alias) ? ModelAliases.Champion : body.Alias.Trim().ToLowerInvariant();
        var outcome = await promotions.PromoteAsync(name, version, alias, PortalActors.Of(user), body?.Reason, ct);
        switch (outcome.Status)
        {
            case PromotionStatus.Promoted:
                return TypedResults.Ok(new PromoteResponse(true, name, version, alias, outcome.Move?.FromVersion, outcome.Gates ?? []));
            case PromotionStatus.Unchanged:
                return TypedResults.Ok(new PromoteResponse(false, name, version, alias, version, []) { Unchanged = true });
            case PromotionStatus.Blocked:
                var blocked = ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Blocked by evaluation gates", outcome.Message);
                blocked.ProblemDetails.Extensions["gates"] = outcome.Gates;
                return blocked;
            case PromotionStatus.ArtefactRefused:
                return ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Artefact refused", outcome.Message);
            case PromotionStatus.Invalid:
                return ApiProblems.Invalid("alias", outcome.Message);
            default:
                return ApiProblems.NotFound(outcome.Message);
        }
    }

    public static async Task<Results<Ok<GateCheckResponse>, ProblemHttpResult>> CheckGates(string name, int version, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
        await promotions.CheckAsync(name, version, PortalActors.Of(user), ct) is { } check
            ? TypedResults.Ok(new GateCheckResponse(name, version, check.Champion?.Version, check.Passed, check.Results))
            : ApiProblems.NotFound($"Model '{name}' has no version {version}.");

    public static async Task<Results<Ok<ApprovalResponse>, ProblemHttpResult>> Approve(
        string name, int version, ApproveRequest? body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct) =>
        await promotions.ApproveAsync(name, version, PortalActors.Of(user), body?.Reason, ct) is { } a
            ? TypedResults.Ok(new ApprovalResponse(a.Model, a.Version, a.ApprovedBy, a.At, a.Reason, a.Person, a.ViaKey))
            : ApiProblems.NotFound($"Model '{name}' has no version {version}.");

    public static async Task<Ok<List<ApprovalResponse>>> ListApprovals(string name, int version, PromotionService promotions, CancellationToken ct) =>
        TypedResults.Ok((await promotions.ListApprovalsAsync(name, version, ct)).Select(a => new ApprovalResponse(a.Model, a.Version, a.ApprovedBy, a.At, a.Reason, a.Person, a.ViaKey)).ToList());

    public static async Task<Results<Ok<RollbackResponse>, ProblemHttpResult>> Rollback(
        string name, string? to, RollbackRequest? body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct)
    {
        int? target = body?.To;
        if (to is not null)
        {
            if (!int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
                return ApiProblems.Invalid("to", $"to must be a version number (a positive integer); got '{to}'.");
            if (target is { } fromBody && fromBody != parsed)
                return ApiProblems.Invalid("to", $"?to={parsed} and the body's to={fromBody} disagree; give one.");
            target = parsed;
        }

        if (target is < 1) return ApiProblems.Invalid("to", $"to must be a version number (a positive integer); got {target}.");
        var outcome = await promotions.RollbackAsync(name, UserNames.Of(user), body?.Reason, target, ct);
        return outcome.Status switch
        {
            PromotionStatus.Promoted => TypedResults.Ok(new RollbackResponse(true, name, outcome.Move!.ToVersion!.Value, outcome.Move.FromVersion)),
            PromotionStatus.NoPrevious or PromotionStatus.NotOnPath => ApiProblems.Conflict(outcome.Message),
            PromotionStatus.ArtefactRefused => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Artefact refused", outcome.Message),
            _ => ApiProblems.NotFound(outcome.Message),
        };
    }

    public static async Task<Results<Ok<List<HistoryEntryResponse>>, ProblemHttpResult>> History(string name, string? alias, IModelRegistry registry, CancellationToken ct)
    {
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        var moves = await registry.GetHistoryAsync(name, alias, ct);
        return TypedResults.Ok(moves.Select(m => new HistoryEntryResponse(m.Alias, m.FromVersion, m.ToVersion, m.At, m.By, m.Reason, m.Gates, m.Action)).ToList());
    }

    public static async Task<Results<Ok<ServedAtResponse>, ProblemHttpResult>> ServedAt(string name, string? t, IModelRegistry registry, CancellationToken ct)
    {
        if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return ApiProblems.Invalid("t", "t must be an ISO 8601 instant, e.g. 2026-11-20T10:00:00Z.");
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return await registry.VersionAtAsync(name, ModelAliases.Champion, at, ct) is { } version
            ? TypedResults.Ok(new ServedAtResponse(name, at, version))
            : ApiProblems.NotFound($"No version of '{name}' served as champion at {at:O}.");
    }

    public static async Task<Results<Ok<GatesResponse>, ProblemHttpResult>> GetGates(string name, PromotionService promotions, CancellationToken ct) =>
        await promotions.GetGatesAsync(name, ct) is { } gates ? TypedResults.Ok(ToResponse(name, gates)) : ApiProblems.NotFound($"Model '{name}' does not exist.");

    public static async Task<Results<Ok<GatesResponse>, ProblemHttpResult>> PutGates(string name, GatesBody body, PromotionService promotions, ClaimsPrincipal user, CancellationToken ct)
    {
        var gates = new ModelGates(body.MinAuc, body.MinF1ImprovementPct, body.MaxBrierDegradation, body.MinTestRows, body.RequireApproval ?? false);
        var policy = InputRangePolicies.Default;
        if (body.InputRange is not null && !InputRangePolicies.TryParse(body.InputRange, out policy))
            return ApiProblems.Invalid("inputRange", "inputRange must be off, warn or reject.");
        try
        {
            // inputRange left out keeps the model's current policy; the gates themselves are replaced as before.
            if (body.InputRange is null && await promotions.GetGatesAsync(name, ct) is { } current) policy = current.InputRange;
            gates = gates with { InputRange = policy };
            var errors = await promotions.SetGatesAsync(name, gates, UserNames.Of(user), ct);
            if (errors is not null) return ApiProblems.Invalid("Some gates are out of range.", errors);
        }
        catch (KeyNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message);
        }

        return TypedResults.Ok(ToResponse(name, (await promotions.GetGatesAsync(name, ct))!));
    }

    private static GatesResponse ToResponse(string model, ModelGates g) =>
        new(model, g.MinAuc, g.MinF1ImprovementPct, g.MaxBrierDegradation, g.MinTestRows, g.RequireApproval, g.UpdatedAt, g.UpdatedBy, InputRangePolicies.Name(g.InputRange));
}
