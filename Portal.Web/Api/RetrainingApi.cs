using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Registry;
using Portal.Core.Retraining;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;
using Portal.Web.Extensions;

namespace Portal.Web.Api;

/// <summary>Retrain policies, manual retrains and the pipeline records.</summary>
public static class RetrainingApi
{
    public static RouteGroupBuilder MapRetrainingApi(this RouteGroupBuilder api)
    {
        var model = api.MapGroup("/models/{name}").WithTags("Retraining");
        model.MapGet("/retraining", GetPolicy).WithName("GetRetrainPolicy").WithSummary("The model's retrain policy (off, manual only, when none was set).");
        model.MapPut("/retraining", PutPolicy).RequireAuthorization(Policies.Admin).WithName("PutRetrainPolicy")
            .WithSummary("Set the retrain policy: triggers (schedule, drift, labels, performance), minimum interval, training, data and action.");
        model.MapPost("/retrain", Retrain).RequireAuthorization(Policies.DataScientist).WithName("Retrain").ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Start a retrain now ('urgent': skip the minimum interval); 202 with the pipeline id, 409 when one is running.");
        model.MapGet("/retraining/pipelines", ListPipelines).WithName("ListRetrainPipelines").WithSummary("The model's retrain pipelines, newest first ('?take=', default 50).");
        api.MapGet("/retraining/pipelines/{id:guid}", GetPipeline).WithTags("Retraining").WithName("GetRetrainPipeline")
            .WithSummary("One pipeline: trigger and evidence, steps, run, version, rollout and lineage.");

        // The contract's names (shared API.md) for the same three handlers.
        model.MapGet("/retrain-policy", GetPolicy).WithName("GetRetrainPolicyByContractName").WithSummary("The model's retrain policy (alias of GET .../retraining).");
        model.MapPut("/retrain-policy", PutPolicy).RequireAuthorization(Policies.Admin).WithName("PutRetrainPolicyByContractName")
            .WithSummary("Set the retrain policy (alias of PUT .../retraining).");
        model.MapGet("/pipelines", ListPipelines).WithName("ListRetrainPipelinesByContractName").WithSummary("The model's retrain pipelines (alias of GET .../retraining/pipelines).");
        return api;
    }

    public static async Task<Results<Ok<RetrainPolicyResponse>, ProblemHttpResult>> GetPolicy(
        string name, RetrainingService retraining, IModelRegistry registry, IOptions<PortalOptions> options, TimeProvider time, CancellationToken ct)
    {
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Ok(ToResponse(name, await retraining.GetPolicyAsync(name, ct), options.Value.Retraining.Enabled, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<RetrainPolicyResponse>, ProblemHttpResult>> PutPolicy(
        string name, RetrainPolicy? body, RetrainingService retraining, IOptions<PortalOptions> options, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        if (body is null) return ApiProblems.Invalid("body", "A policy is required.");
        try
        {
            var errors = await retraining.SavePolicyAsync(name, body, PortalActors.Of(user).Name, ct);
            if (errors is not null) return ApiProblems.Invalid("The retrain policy is not valid.", errors);
        }
        catch (KeyNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message);
        }

        return TypedResults.Ok(ToResponse(name, await retraining.GetPolicyAsync(name, ct), options.Value.Retraining.Enabled, time.GetUtcNow()));
    }

    public static async Task<Results<Accepted<RetrainAcceptedResponse>, ProblemHttpResult>> Retrain(
        string name, RetrainRequest? body, bool? urgent, RetrainingService retraining, ClaimsPrincipal user, CancellationToken ct)
    {
        try
        {
            // Urgent from the body, or from '?urgent=true' as the runbooks call it.
            var pipeline = await retraining.StartManualAsync(name, PortalActors.Of(user), body?.Reason, (body?.Urgent ?? false) || (urgent ?? false), ct);
            return TypedResults.Accepted($"/api/retraining/pipelines/{pipeline.Id}", new RetrainAcceptedResponse(pipeline.Id, pipeline.Status, pipeline.Reason));
        }
        catch (KeyNotFoundException ex)
        {
            return ApiProblems.NotFound(ex.Message);
        }
        catch (RetrainConflictException ex)
        {
            return ApiProblems.Conflict(ex.Message);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<RetrainPipeline>>, ProblemHttpResult>> ListPipelines(
        string name, int? take, RetrainingService retraining, IModelRegistry registry, CancellationToken ct)
    {
        if (take is < 1 or > 1000) return ApiProblems.Invalid("take", "must be between 1 and 1000.");
        if (await registry.GetModelAsync(name, ct) is null) return ApiProblems.NotFound($"Model '{name}' does not exist.");
        return TypedResults.Ok(await retraining.ListPipelinesAsync(name, take ?? 50, ct));
    }

    public static async Task<Results<Ok<RetrainPipeline>, ProblemHttpResult>> GetPipeline(Guid id, RetrainingService retraining, CancellationToken ct) =>
        await retraining.GetPipelineAsync(id, ct) is { } pipeline ? TypedResults.Ok(pipeline) : ApiProblems.NotFound($"Retrain pipeline {id} does not exist.");

    public static RetrainPolicyResponse ToResponse(string model, RetrainPolicyState? state, bool globalEnabled, DateTimeOffset now)
    {
        var policy = (state?.Policy ?? RetrainPolicy.Default).Normalized();
        var next = policy.Enabled && policy.Triggers!.Schedule is { } s && RetrainSchedule.Problem(s.Cron) is null ? RetrainSchedule.Next(s.Cron, now) : null;
        return new RetrainPolicyResponse(model, policy.Enabled, policy.Triggers!, policy.MinIntervalMinutes, policy.Training!, policy.Data!, policy.Action!,
            state?.UpdatedAt, state?.UpdatedBy, next, globalEnabled);
    }
}
