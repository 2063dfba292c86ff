using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Datasets;
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
        api.MapGet("/runs/{runId:guid}", GetRun).WithName("GetRun").WithSummary("A training run: status, progress, the version it produced, its metrics or error.").WithTags("Training");
        api.MapDelete("/runs/{runId:guid}", CancelRun).RequireAuthorization(Policies.DataScientist).WithName("CancelRun").ProducesProblem(StatusCodes.Status409Conflict).WithTags("Training")
            .WithSummary("Cancel a queued run (200, it never trains) or a running one (202, it stops at its next check); 409 once it has ended.");
        api.MapGet("/runs", ListRuns).WithName("ListRuns").WithSummary("Training runs, newest first.").WithTags("Training");
        return api;
    }

    public static async Task<Results<Accepted<RunAcceptedResponse>, ProblemHttpResult>> Train(
        string name, TrainRequest body, TrainingService training, DatasetService datasets, TrainingSettings settings, ClaimsPrincipal user, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.DatasetId is null) errors["datasetId"] = ["is required."];
        if (string.IsNullOrWhiteSpace(body.Label)) errors["label"] = ["is required."];
        if (string.IsNullOrWhiteSpace(body.PositiveClass)) errors["positiveClass"] = ["is required."];
        var trainer = TrainerKind.FastTree;
        var auto = string.Equals(body.Trainer, "auto", StringComparison.OrdinalIgnoreCase);
        if (body.Trainer is not null && !auto && !TryTrainer(body.Trainer, out trainer))
            errors["trainer"] = [$"'{body.Trainer}' is not a trainer; use \"auto\" or one of {string.Join(", ", TrainerCatalog.Trainable)}."];
        var sweep = Sweep(body, auto, trainer, errors);
        if (errors.Count > 0) return ApiProblems.Invalid("The training request is incomplete.", errors);
        // No trainer named (nor a sweep, nor options, which are a trainer's): LightGbm for a large dataset, FastTree
        // otherwise (Portal:Training:LargeDatasetRows).
        if (body.Trainer is null && sweep is null && body.Options is null && await datasets.GetAsync(body.DatasetId!.Value, ct) is { } dataset)
            trainer = settings.DefaultTrainerFor(dataset.Rows);

        var request = new TrainingRequest(body.DatasetId!.Value, body.Label!, body.PositiveClass!, trainer, body.TestFraction ?? 0.2, body.Seed ?? 1, body.Options, sweep);
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

    public static async Task<Results<Ok<RunResponse>, Accepted<RunResponse>, ProblemHttpResult>> CancelRun(
        Guid runId, TrainingService training, ClaimsPrincipal user, CancellationToken ct)
    {
        var (outcome, run) = await training.CancelAsync(runId, UserNames.Of(user), ct);
        return outcome switch
        {
            CancelOutcome.Cancelled => TypedResults.Ok(run!.ToResponse()),
            CancelOutcome.Cancelling => TypedResults.Accepted($"/api/runs/{runId}", run!.ToResponse()),
            CancelOutcome.AlreadyFinished => ApiProblems.Conflict($"Training run {runId} has already ended ({run!.Status.Lower()}); there is nothing to cancel."),
            _ => ApiProblems.NotFound($"Training run {runId} does not exist."),
        };
    }

    public static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetRun(Guid runId, TrainingService training, CancellationToken ct) =>
        await training.GetRunAsync(runId, ct) is { } run ? TypedResults.Ok(run.ToResponse()) : ApiProblems.NotFound($"Training run {runId} does not exist.");

    public static async Task<Ok<List<RunResponse>>> ListRuns(string? model, TrainingService training, CancellationToken ct) =>
        TypedResults.Ok((await training.ListRunsAsync(model, 50, ct)).Select(r => r.ToResponse()).ToList());

    /// <summary>
    /// The sweep a request asks for, or null: "auto" sweeps the four trainers; "trainers" names them; a grid or folds alone
    /// sweep the request's trainer. Names that are not trainers are reported here; the rest is checked by the trainer.
    /// </summary>
    private static SweepSpec? Sweep(TrainRequest body, bool auto, TrainerKind trainer, Dictionary<string, string[]> errors)
    {
        if (!auto && body.Trainers is null && body.Grid is null && body.Folds is null) return null;
        var trainers = new List<TrainerKind>();
        if (body.Trainers is not null)
        {
            for (var i = 0; i < body.Trainers.Length; i++)
            {
                if (TryTrainer(body.Trainers[i], out var kind)) trainers.Add(kind);
                else errors[$"trainers[{i}]"] = [$"'{body.Trainers[i]}' is not a trainer; use one of {string.Join(", ", TrainerCatalog.Trainable)}."];
            }

            if (body.Trainers.Length == 0) errors["trainers"] = [$"List at least one of {string.Join(", ", TrainerCatalog.Trainable)}."];
        }
        else
        {
            trainers.AddRange(auto ? TrainerCatalog.Trainable : [trainer]);
        }

        var grid = new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>();
        foreach (var (name, options) in body.Grid ?? [])
        {
            if (!TryTrainer(name, out var kind))
                errors[$"grid.{name}"] = [$"'{name}' is not a trainer; use one of {string.Join(", ", TrainerCatalog.Trainable)}."];
            else
                grid[kind] = (options ?? []).ToDictionary(o => o.Key, o => (IReadOnlyList<double>)(o.Value ?? []), StringComparer.Ordinal);
        }

        return new SweepSpec(trainers, body.Grid is null ? null : grid, body.Folds ?? StratifiedFolds.DefaultFolds);
    }

    private static bool TryTrainer(string? name, out TrainerKind trainer) =>
        Enum.TryParse(name, ignoreCase: true, out trainer) && TrainerCatalog.Trainable.Contains(trainer) && !name!.All(char.IsDigit);
}
