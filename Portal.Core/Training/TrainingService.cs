using System.Collections.Concurrent;
using Portal.Core.Audit;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Serving;

namespace Portal.Core.Training;

/// <summary>
/// Starts training runs (checking the request before anything is queued), executes them for the worker,
/// and registers the result as a new, unpromoted version. A failed or cancelled run records its reason and leaves
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
    IAuditLog audit,
    TrainingSettings settings)
{
    /// <summary>The error of a run a restart (or a stop) cut short; retraining policies look for it.</summary>
    public const string InterruptedError = "Training was interrupted by a restart of the portal before this run finished; start it again.";

    private readonly ConcurrentDictionary<Guid, double> _progress = new();

    // The rows each queued run was validated with (spilled to a temporary file), taken by the run when it executes.
    private readonly ConcurrentDictionary<Guid, DatasetFileData> _loaded = new();

    // Which runs this process has queued, which it is training (with the token that cancels each), and which queued
    // ones were cancelled before the worker took them. One lock, so that a cancel and the worker never both win.
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _queued = [];
    private readonly HashSet<Guid> _cancelledQueued = [];
    private readonly Dictionary<Guid, (CancellationTokenSource Cts, string By)> _inFlight = [];

    public TrainingSettings Settings => settings;

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
        // One streamed pass over the stored file (bounded memory), off the request's thread; its rows, spilled on the way,
        // are kept for the run this starts, so the run does not read the file again.
        var data = await Task.Run(() => DatasetFileData.Load(() => datasets.OpenFile(dataset), request, settings.MaxSweepCandidates, SpillPath(), ct), ct);
        var run = new TrainingRun(Guid.CreateVersion7(time.GetUtcNow()), model, RunStatus.Queued, 0, null, null, null, request, user, time.GetUtcNow(), null);
        try
        {
            await runs.AddAsync(run, ct);
            _loaded[run.RunId] = data;
            await audit.RecordTrainingAsync(AuditActions.TrainingStarted, run, dataset, CancellationToken.None);
        }
        catch
        {
            _loaded.TryRemove(run.RunId, out _);
            data.Dispose();
            throw;
        }

        lock (_gate) _queued.Add(run.RunId);
        queue.Enqueue(run.RunId);
        RunStarted?.Invoke(run);
        return run;
    }

    /// <summary>The rows (and their spill file) a queued run was validated with, now no longer needed: deleted.</summary>
    private void Release(Guid runId)
    {
        if (_loaded.TryRemove(runId, out var data)) data.Dispose();
    }

    /// <summary>A new spill file beside the dataset store's temporary files.</summary>
    private string SpillPath() => RowSpill.NewPath(datasets.TempFolder());

    /// <summary>The run as stored, with the live progress of a run in flight.</summary>
    public async Task<TrainingRun?> GetRunAsync(Guid runId, CancellationToken ct = default)
    {
        var run = await runs.GetAsync(runId, ct);
        return run is not null && _progress.TryGetValue(runId, out var progress) ? run with { Progress = progress } : run;
    }

    /// <summary>The newest runs as stored, each run in flight with its live progress (the store holds its progress at start).</summary>
    public async Task<IReadOnlyList<TrainingRun>> ListRunsAsync(string? model, int take = 20, CancellationToken ct = default) =>
        (await runs.ListAsync(model, take, ct)).Select(r => _progress.TryGetValue(r.RunId, out var progress) ? r with { Progress = progress } : r).ToList();

    /// <summary>
    /// Runs one queued training to its end (the worker calls it for <see cref="TrainingSettings.MaxConcurrentRuns"/>
    /// runs at once). A run cancelled while queued is returned as stored, untrained.
    /// </summary>
    public async Task<TrainingRun> ExecuteAsync(Guid runId, CancellationToken ct)
    {
        // Whatever happens to the run, the rows it was validated with are deleted when it ends.
        _loaded.TryRemove(runId, out var loaded);
        try
        {
            return await ExecuteAsync(runId, loaded, ct);
        }
        finally
        {
            loaded?.Dispose();
        }
    }

    private async Task<TrainingRun> ExecuteAsync(Guid runId, DatasetFileData? loaded, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_gate)
        {
            _queued.Remove(runId);
            if (!_cancelledQueued.Remove(runId)) _inFlight[runId] = (cts, "");
        }

        var run = await runs.GetAsync(runId, CancellationToken.None) ?? throw new InvalidOperationException($"Training run {runId} does not exist.");
        bool cancelledWhileQueued;
        lock (_gate) cancelledWhileQueued = !_inFlight.ContainsKey(runId);
        if (cancelledWhileQueued || run.IsFinished)
        {
            lock (_gate) _inFlight.Remove(runId);
            return run.IsFinished ? run : run with { Status = RunStatus.Cancelled };
        }

        run = run with { Status = RunStatus.Running, Progress = 0 };
        await runs.UpdateAsync(run, CancellationToken.None);
        _progress[runId] = 0;
        try
        {
            var request = run.Request;
            var dataset = await datasets.GetAsync(request.DatasetId, cts.Token)
                ?? throw new TrainingValidationException("datasetId", $"Dataset {request.DatasetId} no longer exists.");
            var trainer = new ModelTrainer(settings.Threads);
            var progress = new SynchronousProgress(p => _progress[runId] = Math.Clamp(p, 0, 0.99));
            var trained = await TrainingThread.Run(() =>
            {
                // Rows not kept from the request (another process queued it) are read and spilled here.
                using var data = loaded ?? DatasetFileData.Load(() => datasets.OpenFile(dataset), request, int.MaxValue, SpillPath(), cts.Token);
                return trainer.Train(data, request, progress, cts.Token);
            }, cts.Token);
            // The last moment a cancel is honoured: from here the version is registered.
            cts.Token.ThrowIfCancellationRequested();
            lock (_gate) _inFlight.Remove(runId);
            var evaluation = trained.Evaluation with
            {
                EvaluatedOn = EvaluationRows.TestSplit(request.TestFraction, request.Seed, dataset.Name, dataset.Id, trained.Evaluation.Metrics.TestRows),
            };
            var version = await registry.AddVersionAsync(
                new NewModelVersion(run.Model, run.CreatedBy, trained.Trainer, trained.Options, dataset.Id, dataset.Sha256,
                    request.Label, trained.PositiveClass, trained.NegativeClass, trained.Schema, evaluation, runId),
                async (number, token) =>
                {
                    var stored = await artefacts.WriteAsync(run.Model, number, trained.Artefact, token);
                    // Beside the zip before the version exists, so its first load finds it.
                    if (trained.Explanation is { } background) await ExplanationStore.WriteAsync(artefacts, stored.Key, stored.Sha256, background, token);
                    return stored;
                },
                CancellationToken.None);
            server.Track(version);
            run = run with { Status = RunStatus.Succeeded, Progress = 1, Version = version.Version, Metrics = trained.Evaluation.Metrics, FinishedAt = time.GetUtcNow(), Sweep = trained.Sweep };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string? by;
            lock (_gate) by = _inFlight.TryGetValue(runId, out var entry) && entry.Cts.IsCancellationRequested && !ct.IsCancellationRequested ? entry.By : null;
            if (ex is OperationCanceledException && by is not null)
                run = run with { Status = RunStatus.Cancelled, Error = $"Cancelled by {by}.", FinishedAt = time.GetUtcNow() };
            else
                run = run with { Status = RunStatus.Failed, Error = ex is OperationCanceledException ? InterruptedError : ex.Message, FinishedAt = time.GetUtcNow() };
        }
        finally
        {
            lock (_gate) _inFlight.Remove(runId);
            _progress.TryRemove(runId, out _);
        }

        await runs.UpdateAsync(run, CancellationToken.None);
        // A cancel was audited when it was asked for, by the person who asked.
        if (run.Status != RunStatus.Cancelled)
            await audit.RecordTrainingAsync(run.Status == RunStatus.Succeeded ? AuditActions.TrainingSucceeded : AuditActions.TrainingFailed, run, null, CancellationToken.None);
        RunFinished?.Invoke(run);
        return run;
    }

    /// <summary>
    /// Cancels a run for <paramref name="user"/>: a queued one at once (it never trains), a running one through its token
    /// (it ends Cancelled at its next check and registers nothing). A finished run is left as it is.
    /// </summary>
    public async Task<(CancelOutcome Outcome, TrainingRun? Run)> CancelAsync(Guid runId, string user, CancellationToken ct = default)
    {
        CancelOutcome outcome;
        lock (_gate)
        {
            if (_inFlight.TryGetValue(runId, out var entry))
            {
                if (!entry.Cts.IsCancellationRequested) _inFlight[runId] = (entry.Cts, user);
                entry.Cts.Cancel();
                outcome = CancelOutcome.Cancelling;
            }
            else if (_queued.Remove(runId))
            {
                _cancelledQueued.Add(runId);
                outcome = CancelOutcome.Cancelled;
            }
            else
            {
                outcome = CancelOutcome.AlreadyFinished;
            }
        }

        var run = await GetRunAsync(runId, ct);
        if (run is null) return (CancelOutcome.NotFound, null);
        if (outcome == CancelOutcome.AlreadyFinished) return (outcome, run);
        if (outcome == CancelOutcome.Cancelled)
        {
            Release(runId);
            run = run with { Status = RunStatus.Cancelled, Error = $"Cancelled by {user} before it started.", FinishedAt = time.GetUtcNow() };
            await runs.UpdateAsync(run, CancellationToken.None);
        }

        await audit.RecordAsync(user, AuditActions.TrainingCancelled, run.Model,
            new { runId, wasRunning = outcome == CancelOutcome.Cancelling, startedBy = run.CreatedBy }, CancellationToken.None);
        if (outcome == CancelOutcome.Cancelled) RunFinished?.Invoke(run);
        return (outcome, run);
    }

    /// <summary>Runs left unfinished by a stopped process are failed, not silently resumed: their caller may be gone.</summary>
    public async Task FailAbandonedRunsAsync(CancellationToken ct = default)
    {
        foreach (var unfinished in await runs.ListUnfinishedAsync(ct))
        {
            var run = unfinished with { Status = RunStatus.Failed, Error = InterruptedError, FinishedAt = time.GetUtcNow() };
            await runs.UpdateAsync(run, ct);
            await audit.RecordTrainingAsync(AuditActions.TrainingFailed, run, null, ct);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; here the value is only stored, so report inline.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
