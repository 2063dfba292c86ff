using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Common;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>
/// Rollouts: canary, A/B and shadow experiments between a model's champion and one candidate, judged on live traffic by
/// the decision loop, with the admin's pause / resume / abort / promote. Also seed 000's A/B test paths as thin aliases.
/// </summary>
public static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder api)
    {
        var rollouts = api.MapGroup("/models/{name}/rollouts").WithTags("Rollouts");
        rollouts.MapPost("/", Create).RequireAuthorization(Policies.Admin).WithName("CreateRollout").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Start a canary, A/B or shadow rollout of a candidate version against the champion; one active rollout per model (409).");
        rollouts.MapGet("/", List).WithName("ListRollouts").WithSummary("The model's rollouts, newest first.");
        rollouts.MapGet("/{id:guid}", Get).WithName("GetRollout").WithSummary("One rollout with its live counters, evidence and decisions.");
        rollouts.MapGet("/{id:guid}/looks", Looks).WithName("ListRolloutLooks")
            .WithSummary("The decision loop's kept looks at the rollout, oldest first: per arm evidence and the test's statistic over time (thinned).");
        foreach (var action in new[] { "pause", "resume", "abort", "promote" })
        {
            rollouts.MapPost($"/{{id:guid}}/{action}", (string name, Guid id, RolloutActionRequest? body, RolloutService service, RolloutDecider decider, ModelServer server, ClaimsPrincipal user, CancellationToken ct) =>
                    Act(action, name, id, body, service, decider, server, user, ct))
                .RequireAuthorization(Policies.Admin).WithName("Rollout" + char.ToUpperInvariant(action[0]) + action[1..])
                .WithSummary(action switch
                {
                    "pause" => "Hold the rollout: the split stays, no decision is taken until it is resumed.",
                    "resume" => "Let the decision loop judge a paused rollout again.",
                    "abort" => "End the rollout without promoting: the champion answers every request at once.",
                    _ => "Promote the candidate now, through the model's gates (422 lists the failing ones).",
                });
        }

        var abTests = api.MapGroup("/ml/ab-test").WithTags("Rollouts");
        abTests.MapPost("/create", CreateAbTest).RequireAuthorization(Policies.Admin).WithName("CreateAbTest")
            .WithSummary("Seed 000's alias of POST /api/models/{name}/rollouts: the body names the model; kind defaults to ab.");
        abTests.MapGet("/{testId:guid}/results", AbTestResults).WithName("AbTestResults")
            .WithSummary("Seed 000's alias of GET /api/models/{name}/rollouts/{id}.");
        return api;
    }

    public static async Task<Results<Created<RolloutResponse>, ProblemHttpResult>> Create(
        string name, CreateRolloutRequest body, RolloutService service, RolloutDecider decider, ModelServer server, ClaimsPrincipal user, CancellationToken ct)
    {
        var (plan, errors) = RolloutRequests.ToPlan(body, defaultKind: null);
        if (plan is null) return ApiProblems.Invalid("The rollout plan is not valid.", errors!);
        try
        {
            var rollout = await service.StartAsync(name, plan, PortalActors.Of(user), ct);
            if (rollout is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
            var response = await DetailAsync(rollout, service, decider, server, ct);
            return TypedResults.Created($"/api/models/{rollout.Model}/rollouts/{rollout.Id}", response);
        }
        catch (RolloutValidationException ex)
        {
            return ApiProblems.Invalid(ex.Message, ex.Errors);
        }
        catch (RolloutConflictException ex)
        {
            var conflict = ApiProblems.Conflict(ex.Message);
            if (ex.ActiveId is { } active) conflict.ProblemDetails.Extensions["activeRollout"] = active;
            return conflict;
        }
    }

    public static Task<Results<Created<RolloutResponse>, ProblemHttpResult>> CreateAbTest(
        CreateRolloutRequest body, RolloutService service, RolloutDecider decider, ModelServer server, ClaimsPrincipal user, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(body.Model)
            ? Task.FromResult<Results<Created<RolloutResponse>, ProblemHttpResult>>(ApiProblems.Invalid("model", "is required: the name of the model to test."))
            : Create(body.Model.Trim(), body with { Kind = body.Kind ?? "ab" }, service, decider, server, user, ct);

    public static async Task<Results<Ok<List<RolloutResponse>>, ProblemHttpResult>> List(string name, RolloutService service, ModelServer server, Portal.Core.Registry.IModelRegistry registry, CancellationToken ct)
    {
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        var rollouts = await service.ListAsync(name, ct);
        return TypedResults.Ok(rollouts.Select(r => RolloutRequests.ToResponse(r, LiveOf(server, r))).ToList());
    }

    public static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> Get(string name, Guid id, RolloutService service, RolloutDecider decider, ModelServer server, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } rollout && rollout.Model == name
            ? TypedResults.Ok(await DetailAsync(rollout, service, decider, server, ct))
            : ApiProblems.NotFound($"Model '{name}' has no rollout {id}.");

    public static async Task<Results<Ok<List<RolloutLookResponse>>, ProblemHttpResult>> Looks(string name, Guid id, RolloutService service, IRolloutLookStore looks, CancellationToken ct) =>
        await service.GetAsync(id, ct) is { } rollout && rollout.Model == name
            ? TypedResults.Ok((await looks.ListLooksAsync(id, ct)).Select(RolloutLookResponse.Of).ToList())
            : ApiProblems.NotFound($"Model '{name}' has no rollout {id}.");

    public static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> AbTestResults(Guid testId, RolloutService service, RolloutDecider decider, ModelServer server, CancellationToken ct) =>
        await service.GetAsync(testId, ct) is { } rollout
            ? TypedResults.Ok(await DetailAsync(rollout, service, decider, server, ct))
            : ApiProblems.NotFound($"There is no A/B test (rollout) {testId}.");

    private static async Task<Results<Ok<RolloutResponse>, ProblemHttpResult>> Act(
        string action, string name, Guid id, RolloutActionRequest? body, RolloutService service, RolloutDecider decider, ModelServer server, ClaimsPrincipal user, CancellationToken ct)
    {
        var existing = await service.GetAsync(id, ct);
        if (existing is null || existing.Model != name) return ApiProblems.NotFound($"Model '{name}' has no rollout {id}.");
        var by = PortalActors.Of(user);
        try
        {
            var rollout = action switch
            {
                "pause" => await service.PauseAsync(id, by, body?.Reason, ct),
                "resume" => await service.ResumeAsync(id, by, body?.Reason, ct),
                "abort" => await service.AbortAsync(id, by, body?.Reason, ct),
                _ => await service.PromoteAsync(id, by, body?.Reason, ct),
            };
            return rollout is null
                ? ApiProblems.NotFound($"Model '{name}' has no rollout {id}.")
                : TypedResults.Ok(await DetailAsync(rollout, service, decider, server, ct));
        }
        catch (RolloutStateException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
        catch (RolloutPromotionBlockedException ex)
        {
            var blocked = ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, "Blocked by evaluation gates", ex.Message);
            blocked.ProblemDetails.Extensions["gates"] = ex.Outcome.Gates;
            return blocked;
        }
    }

    private static async Task<RolloutResponse> DetailAsync(Rollout rollout, RolloutService service, RolloutDecider decider, ModelServer server, CancellationToken ct)
    {
        var decisions = await service.ListDecisionsAsync(rollout.Id, ct);
        return RolloutRequests.ToResponse(rollout, LiveOf(server, rollout)) with
        {
            Decisions = decisions.Select(d => new RolloutDecisionResponse(d.At, RolloutNames.Of(d.Action), d.Reason, d.By, d.Step, RolloutRequests.Json(d.EvidenceJson))).ToList(),
            // What the loop last looked at (a hold stores no decision), else what the last decision was taken on.
            Evidence = decider.LatestEvidence(rollout.Id) is { } latest
                ? JsonSerializer.SerializeToElement(latest, RolloutEvidenceJson.Options)
                : RolloutRequests.Json(decisions.LastOrDefault(d => d.EvidenceJson is not null)?.EvidenceJson),
        };
    }

    private static RolloutLiveCounts? LiveOf(ModelServer server, Rollout rollout) =>
        server.RolloutOf(rollout.Model) is { } active && active.Rollout.Id == rollout.Id ? active.Stats.Snapshot() : null;
}
