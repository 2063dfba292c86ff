using System.Collections.Concurrent;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Starts training runs (checking the request before anything is queued), executes them for the worker,
/// and registers the result as a new, unpromoted version. A failed run records its reason and leaves
/// the registry as it was.
/// </summary>
public sealed class TrainingService(
    ITrainingRunStore runs,
    DatasetService datasets,
    IModelRegistry registry,
    ArtefactStore artefacts,
    ModelServer server,
    TrainingQueue queue,
    TimeProvider time,
    IAuditLog audit)
{
    private readonly ConcurrentDictionary<Guid, double> _progress = new();

    /// <summary>Raised when a run is queued (from a page or the API), so that run lists show it at once.</summary>
    public event Action<TrainingRun>? RunStarted;

    /// <summary>Raised when a run ends, successfully or not.</summary>
    public event Action<TrainingRun>? RunFinished;

    public async Task<TrainingRun> StartAsync(string model, TrainingRequest request, string user, CancellationToken ct = default)
    {
        if (!ModelNames.IsValid(model))
            throw new TrainingValidationException("name", $"'{model}' is not a valid model name: use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (at most 64).");
        if (!TrainerCatalog.Trainable.Contains(request.Trainer))
            throw new TrainingValidationException("trainer", $"'{request.Trainer}' is not a trainer; use one of {string.Join(", ", TrainerCatalog.Trainable)}.");
        var dataset = await datasets.GetAsync(request.DatasetId, ct)
            ?? throw new TrainingValidationException("datasetId", $"Dataset {request.DatasetId} does not exist.");
        ModelTrainer.Validate(datasets.LoadTable(dataset), request);

        var run = new TrainingRun(Guid.CreateVersion7(time.GetUtcNow()), model, RunStatus.Queued, 0, null, null, null, request, user, time.GetUtcNow(), null);
        await runs.AddAsync(run, ct);
        await audit.RecordTrainingAsync(AuditActions.TrainingStarted, run, dataset, CancellationToken.None);
        queue.Enqueue(run.RunId);
        RunStarted?.Invoke(run);
        return run;
    }

    /// <summary>The run as stored, with the live progress of a run in flight.</summary>
    public async Task<TrainingRun?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        var run = await runs.GetAsync(runId, ct);
        return run is not null && _progress.TryGetValue(runId, out var progress) ? run with { Progress = progress } : run;
    }

    public Task<IReadOnlyList<TrainingRun>> ListRunsAsync(string? model, int take = 20, CancellationToken ct = default) => runs.ListAsync(model, take, ct);

    /// <summary>Runs one queued training to its end. Called by the training worker, one run at a time.</summary>
    public async Task<TrainingRun> ExecuteAsync(Guid runId, CancellationToken ct)
    {
        var run = await runs.GetAsync(runId, ct) ?? throw new InvalidOperationException($"Training run {runId} does not exist.");
        run = run with { Status = RunStatus.Running, Progress = 0 };
        await runs.UpdateAsync(run, CancellationToken.None);
        _progress[runId] = 0;
        try
        {
            var request = run.Request;
            var dataset = await datasets.GetAsync(request.DatasetId, ct)
                ?? throw new TrainingValidationException("datasetId", $"Dataset {request.DatasetId} no longer exists.");
            var table = datasets.LoadTable(dataset);
            var trained = await Task.Run(() => new ModelTrainer().Train(table, request, new SynchronousProgress(p => _progress[runId] = Math.Clamp(p, 0, 0.99)), ct), ct);
            var evaluation = trained.Evaluation with
            {
                EvaluatedOn = EvaluationRows.TestSplit(request.TestFraction, request.Seed, dataset.Name, dataset.Id, trained.Evaluation.Metrics.TestRows),
            };
            var version = await registry.AddVersionAsync(
                new NewModelVersion(run.Model, run.CreatedBy, request.Trainer, EffectiveOptions(request), dataset.Id, dataset.Sha256,
                    request.Label, trained.PositiveClass, trained.NegativeClass, trained.Schema, evaluation, runId),
                (number, token) => artefacts.WriteAsync(run.Model, number, trained.Artefact, token),
                CancellationToken.None);
            server.Track(version);
            run = run with { Status = RunStatus.Succeeded, Progress = 1, Version = version.Version, Metrics = trained.Evaluation.Metrics, FinishedAt = time.GetUtcNow() };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var reason = ex is OperationCanceledException ? "The portal stopped while this run was training." : ex.Message;
            run = run with { Status = RunStatus.Failed, Error = reason, FinishedAt = time.GetUtcNow() };
        }
        finally
        {
            _progress.TryRemove(runId, out _);
        }

        await runs.UpdateAsync(run, CancellationToken.None);
        await audit.RecordTrainingAsync(run.Status == RunStatus.Succeeded ? AuditActions.TrainingSucceeded : AuditActions.TrainingFailed, run, null, CancellationToken.None);
        RunFinished?.Invoke(run);
        return run;
    }

    /// <summary>Runs left unfinished by a stopped process are failed, not silently resumed: their caller may be gone.</summary>
    public async Task FailAbandonedRunsAsync(CancellationToken ct = default)
    {
        foreach (var unfinished in await runs.ListUnfinishedAsync(ct))
        {
            var run = unfinished with { Status = RunStatus.Failed, Error = "The portal restarted before this run finished; start it again.", FinishedAt = time.GetUtcNow() };
            await runs.UpdateAsync(run, ct);
            await audit.RecordTrainingAsync(AuditActions.TrainingFailed, run, null, ct);
        }
    }

    private static IReadOnlyDictionary<string, double> EffectiveOptions(TrainingRequest request)
    {
        var options = TrainerCatalog.Options(request.Trainer).ToDictionary(o => o.Name, o => o.Default, StringComparer.Ordinal);
        foreach (var (name, value) in request.Options ?? new Dictionary<string, double>()) options[name] = value;
        return options;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; here the value is only stored, so report inline.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
