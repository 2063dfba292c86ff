using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Training;
using Portal.Web.Api.Contracts;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this RouteGroupBuilder api)
    {
        api.MapPost("/models/{name}/train", Train).RequireAuthorization(Policies.DataScientist).WithName("TrainModel").WithTags("Training")
            .WithSummary("Queue a training run; poll the run at the Location header.");
        api.MapGet("/runs/{runId:guid}", GetRun).WithName("GetRun").WithTags("Training");
        api.MapGet("/runs", ListRuns).WithName("ListRuns").WithTags("Training");
        return api;
    }

    public static async Task<Results<Accepted<RunAcceptedResponse>, ProblemHttpResult>> Train(
        string name, TrainRequest body, TrainingService training, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.DatasetId is null) errors["datasetId"] = ["is required."];
        if (string.IsNullOrWhiteSpace(body.Label)) errors["label"] = ["is required."];
        if (string.IsNullOrWhiteSpace(body.PositiveClass)) errors["positiveClass"] = ["is required."];
        var trainer = TrainerKind.FastTree;
        if (body.Trainer is not null && (!Enum.TryParse(body.Trainer, ignoreCase: true, out trainer) || !TrainerCatalog.Trainable.Contains(trainer) || body.Trainer.All(char.IsDigit)))
            errors["trainer"] = [$"'{body.Trainer}' is not a trainer; use one of {string.Join(", ", TrainerCatalog.Trainable)}."];
        if (errors.Count > 0) return ApiProblems.Invalid("The training request is incomplete.", errors);

        var request = new TrainingRequest(body.DatasetId!.Value, body.Label!, body.PositiveClass!, trainer, body.TestFraction ?? 0.2, body.Seed ?? 1, body.Options);
        try
        {
            var run = await training.StartAsync(name, request, UserNames.Of(user), ct);
            return TypedResults.Accepted($"/api/runs/{run.RunId}", new RunAcceptedResponse(run.RunId));
        }
        catch (TrainingValidationException ex)
        {
            return ApiProblems.Invalid(ex.Message, ex.Errors);
        }
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRun(Guid runId, TrainingService training, CancellationToken ct) =>
        await training.GetRunAsync(runId, ct) is { } run ? TypedResults.Ok(run.ToResponse()) : ApiProblems.NotFound($"Training run {runId} does not exist.");

    public static async Task<Ok<List<RunResponse>>> ListRuns(string? model, TrainingService training, CancellationToken ct) =>
        TypedResults.Ok((await training.ListRunsAsync(model, 50, ct)).Select(r => r.ToResponse()).ToList());
}
