using System.Collections.Concurrent;
using System.Globalization;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;
using Portal.Core.Webhooks;

namespace Portal.Core.Retraining;

/// <summary>
/// Retrain policies and the pipelines they start. A pipeline records each step as it happens: the trigger and its evidence,
/// the data (with its lineage), the training run, the candidate, the gates and the action (register, challenger through
/// <see cref="PromotionService"/>, or a rollout through <see cref="RolloutService"/>). One pipeline per model at a time; a
/// rejected or failed pipeline moves no alias.
/// </summary>
public sealed class RetrainingService : IDisposable
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);
    private readonly IRetrainingStore _store;
    private readonly IModelRegistry _registry;
    private readonly TrainingService _training;
    private readonly RetrainDataBuilder _data;
    private readonly RetrainTriggerCheck _triggers;
    private readonly PromotionService _promotion;
    private readonly RolloutService _rollouts;
    private readonly IWebhookPublisher _webhooks;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;

    public RetrainingService(IRetrainingStore store, IModelRegistry registry, TrainingService training, RetrainDataBuilder data, RetrainTriggerCheck triggers,
        PromotionService promotion, RolloutService rollouts, IWebhookPublisher webhooks, IAuditLog audit, TimeProvider time)
    {
        (_store, _registry, _training, _data, _triggers, _promotion, _rollouts, _webhooks, _audit, _time) =
            (store, registry, training, data, triggers, promotion, rollouts, webhooks, audit, time);
        // The run's end carries the pipeline on at once; the scheduler's pass catches any end this misses.
        training.RunFinished += OnRunFinished;
    }

    /// <summary>Raised whenever a pipeline starts, records a step or ends (pages refresh on it).</summary>
    public event Action<RetrainPipeline>? PipelineChanged;

    /// <summary>Raised when carrying a pipeline on failed unexpectedly (the host logs it); the pipeline is then failed if it can be.</summary>
    public event Action<string, Exception>? Faulted;

    public Task<RetrainPolicyState?> GetPolicyAsync(string model, CancellationToken ct = default) => _store.GetPolicyAsync(model, ct);

    public Task<RetrainPipeline?> GetPipelineAsync(Guid id, CancellationToken ct = default) => _store.GetPipelineAsync(id, ct);

    public Task<IReadOnlyList<RetrainPipeline>> ListPipelinesAsync(string model, int take = 50, CancellationToken ct = default) =>
        _store.ListPipelinesAsync(model, take, ct);

    /// <summary>
    /// Validates and stores a policy; returns the field errors (nothing stored) or null. Throws KeyNotFoundException for an
    /// unknown model. Schedules count from now: saving never fires an occurrence that passed before.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string[]>?> SavePolicyAsync(string model, RetrainPolicy policy, string by, CancellationToken ct = default)
    {
        var errors = RetrainPolicyValidation.Validate(policy);
        if (errors.Count > 0) return errors;
        if (await _registry.GetModelAsync(model, ct) is null) throw new KeyNotFoundException($"Model '{model}' does not exist.");
        var before = await _store.GetPolicyAsync(model, ct);
        var now = _time.GetUtcNow();
        var normalized = policy.Normalized();
        await _store.SavePolicyAsync(new RetrainPolicyState(model, normalized, now, by, now), ct);
        await _audit.RecordAsync(by, AuditActions.RetrainPolicyUpdated, model, new { before = before?.Policy, after = normalized }, CancellationToken.None);
        return null;
    }

    /// <summary>
    /// A person's retrain (the runbooks' <c>--urgent</c>): works with the policy or the global switch off. Throws
    /// KeyNotFoundException for an unknown model and <see cref="RetrainConflictException"/> when one is running, or when the
    /// policy's minimum interval has not passed and <paramref name="urgent"/> is false.
    /// </summary>
    public async Task<RetrainPipeline> StartManualAsync(string model, Actor by, string? reason, bool urgent, CancellationToken ct = default)
    {
        var evidence = new RetrainEvidence(By: by.Name, Reason: string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), Urgent: urgent);
        var pipeline = await StartAsync(model, RetrainNames.Manual, evidence, by.Name, bypassInterval: urgent, ct);
        await _audit.RecordAsync(by.Name, AuditActions.RetrainRequested, model, new { pipeline = pipeline.Id, reason = evidence.Reason, urgent }, CancellationToken.None);
        return pipeline;
    }

    /// <summary>
    /// One scheduler pass: carries on pipelines whose run has ended, then checks every policy's triggers and starts what is
    /// due. With <paramref name="enabled"/> false (the global switch) nothing starts, and schedule occurrences pass unfired.
    /// Returns the pipelines started.
    /// </summary>
    public async Task<IReadOnlyList<RetrainPipeline>> RunOnceAsync(bool enabled, CancellationToken ct = default)
    {
        // One pass at a time (the scheduler's tick and a test's or operator's pass): an occurrence is dealt with once.
        await _pass.WaitAsync(ct);
        try
        {
            return await PassAsync(enabled, ct);
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<IReadOnlyList<RetrainPipeline>> PassAsync(bool enabled, CancellationToken ct)
    {
        foreach (var running in await _store.ListRunningAsync(ct))
            if (running.RunId is { } runId && await _training.GetRunAsync(runId, ct) is { IsFinished: true })
                await ContinueAsync(running.Id);

        var started = new List<RetrainPipeline>();
        var models = (await _registry.ListModelsAsync(ct)).Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var state in await _store.ListPoliciesAsync(ct))
        {
            if (!models.Contains(state.Model)) continue;
            try
            {
                if (await FireAsync(state, enabled, ct) is { } pipeline) started.Add(pipeline);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Faulted?.Invoke(state.Model, ex);
            }
        }

        return started;
    }

    /// <summary>Pipelines left running by a stopped process end failed: their run was failed by the training service too.</summary>
    public async Task FailInterruptedAsync(CancellationToken ct = default)
    {
        foreach (var pipeline in await _store.ListRunningAsync(ct))
        {
            const string reason = "Interrupted by a restart.";
            var step = pipeline.Steps.LastOrDefault()?.Step ?? RetrainNames.StepTrigger;
            await FinishAsync(pipeline.With(new RetrainStep(step, _time.GetUtcNow(), RetrainNames.Failed, reason)), RetrainNames.Failed, null, reason);
        }
    }

    private async Task<RetrainPipeline?> FireAsync(RetrainPolicyState state, bool enabled, CancellationToken ct)
    {
        var policy = state.Policy.Normalized();
        var now = _time.GetUtcNow();
        RetrainFiring? firing = null;
        if (policy.Triggers!.Schedule is { } schedule
            && RetrainSchedule.DueOccurrence(schedule.Cron, state.LastOccurrence ?? state.UpdatedAt, now) is { } due)
        {
            // Dealt with once, fired or not: an occurrence passed while retraining was off does not fire when it is back on.
            await _store.SetLastOccurrenceAsync(state.Model, due, ct);
            firing = new RetrainFiring(RetrainNames.Schedule, new RetrainEvidence(Cron: schedule.Cron, DueAt: due));
        }

        if (!enabled || !policy.Enabled) return null;
        var last = (await _store.ListPipelinesAsync(state.Model, 1, ct)).FirstOrDefault();
        if (last is { IsRunning: true } || (last is not null && now - last.StartedAt < TimeSpan.FromMinutes(policy.MinIntervalMinutes))) return null;
        // A run of this model queued or training (by a person, say) is a retrain in flight too: queue no second one.
        if ((await _training.ListRunsAsync(state.Model, 20, ct)).Any(r => !r.IsFinished)) return null;
        if (firing is null)
        {
            var details = await _registry.GetModelAsync(state.Model, ct);
            var champion = details?.Versions.FirstOrDefault(v => v.Version == details.Summary.ChampionVersion);
            if (champion is null) return null;
            firing = await _triggers.FirstFiringAsync(policy, champion, last?.StartedAt, ct);
        }

        if (firing is null) return null;
        try
        {
            return await StartAsync(state.Model, firing.Trigger, firing.Evidence, RetrainNames.SystemActor, bypassInterval: false, ct);
        }
        catch (RetrainConflictException)
        {
            return null; // a manual retrain got there first
        }
    }

    private async Task<RetrainPipeline> StartAsync(string model, string trigger, RetrainEvidence evidence, string by, bool bypassInterval, CancellationToken ct)
    {
        var policy = ((await _store.GetPolicyAsync(model, ct))?.Policy ?? RetrainPolicy.Default).Normalized();
        var gate = _locks.GetOrAdd(model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var details = await _registry.GetModelAsync(model, ct) ?? throw new KeyNotFoundException($"Model '{model}' does not exist.");
            var now = _time.GetUtcNow();
            var last = (await _store.ListPipelinesAsync(model, 1, ct)).FirstOrDefault();
            if (last is { IsRunning: true })
                throw new RetrainConflictException($"A retrain of '{model}' is running already (pipeline {last.Id}); wait for it to end.");
            var interval = TimeSpan.FromMinutes(policy.MinIntervalMinutes);
            if (!bypassInterval && last is not null && now - last.StartedAt < interval)
                throw new RetrainConflictException(
                    $"The last retrain of '{model}' started at {last.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC and the policy allows one every {policy.MinIntervalMinutes} minutes; ask for an urgent retrain to start one now.");

            var pipeline = new RetrainPipeline(Guid.CreateVersion7(now), model, trigger, evidence, RetrainNames.Running, null, now, null, by, policy,
                [new RetrainStep(RetrainNames.StepTrigger, now, RetrainNames.Passed, TriggerText(trigger, evidence))]);
            await _store.AddPipelineAsync(pipeline, ct);
            PipelineChanged?.Invoke(pipeline);
            return await TrainAsync(pipeline, details);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The data and training steps. From here on the pipeline is stored, so nothing is cancelled half-way.</summary>
    private async Task<RetrainPipeline> TrainAsync(RetrainPipeline pipeline, ModelDetails details)
    {
        var ct = CancellationToken.None;
        var policy = pipeline.Policy;
        try
        {
            var baseVersion = details.Versions.FirstOrDefault(v => v.Version == details.Summary.ChampionVersion)
                ?? details.Versions.OrderByDescending(v => v.Version).FirstOrDefault()
                ?? throw new RetrainRejectedException(RetrainNames.StepData, $"'{pipeline.Model}' has no version to retrain.");
            var set = await _data.BuildAsync(baseVersion, policy.Data!, ct);
            pipeline = pipeline.With(new RetrainStep(RetrainNames.StepData, _time.GetUtcNow(), RetrainNames.Passed, set.Summary)) with { Lineage = set.Lineage };
            await _store.UpdatePipelineAsync(pipeline, ct);

            var request = await RequestAsync(baseVersion, policy.Training!, set.Dataset.Id, ct);
            var run = await _training.StartAsync(pipeline.Model, request, pipeline.StartedBy, ct);
            var what = request.Sweep is { } sweep ? $"a sweep of {string.Join(", ", sweep.Trainers)}" : $"{request.Trainer} as v{baseVersion.Version} was trained";
            pipeline = pipeline.With(new RetrainStep(RetrainNames.StepTraining, _time.GetUtcNow(), RetrainNames.Started, $"Run {run.RunId} queued: {what}.")) with { RunId = run.RunId };
            await _store.UpdatePipelineAsync(pipeline, ct);
            PipelineChanged?.Invoke(pipeline);
            // A run that ended before its id was stored above found no pipeline to carry on: do it here.
            if (await _training.GetRunAsync(run.RunId, ct) is { IsFinished: true })
                _ = Task.Run(() => ContinueAsync(pipeline.Id), CancellationToken.None);
            return pipeline;
        }
        catch (RetrainRejectedException ex)
        {
            return await FinishAsync(pipeline.With(new RetrainStep(ex.Step, _time.GetUtcNow(), RetrainNames.Rejected, ex.Message)), RetrainNames.Rejected, null, ex.Message);
        }
        catch (TrainingValidationException ex)
        {
            var reason = ex.Errors.Count > 0 ? $"{ex.Message} {string.Join(" ", ex.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}" : ex.Message;
            return await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepTraining, _time.GetUtcNow(), RetrainNames.Rejected, reason)), RetrainNames.Rejected, null, reason);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Faulted?.Invoke(pipeline.Model, ex);
            var step = pipeline.Steps[^1].Step == RetrainNames.StepTrigger ? RetrainNames.StepData : RetrainNames.StepTraining;
            return await FinishAsync(pipeline.With(new RetrainStep(step, _time.GetUtcNow(), RetrainNames.Failed, ex.Message)), RetrainNames.Failed, null, ex.Message);
        }
    }

    private async Task<TrainingRequest> RequestAsync(ModelVersionInfo baseVersion, RetrainTraining training, int datasetId, CancellationToken ct)
    {
        var baseRun = baseVersion.RunId is { } runId ? await _training.GetRunAsync(runId, ct) : null;
        var seed = baseRun?.Request.Seed ?? DataSplit.DefaultSeed;
        var testFraction = baseRun?.Request.TestFraction ?? DataSplit.DefaultTestFraction;
        if (training.Mode == RetrainNames.Sweep)
        {
            var trainers = RetrainPolicyValidation.SweepTrainers(training.Trainers) ?? TrainerCatalog.Trainable;
            var grid = training.Grid?.ToDictionary(g => Enum.Parse<TrainerKind>(g.Key, ignoreCase: true), g => g.Value);
            return new TrainingRequest(datasetId, baseVersion.Label, baseVersion.PositiveClass, trainers[0], testFraction, seed,
                Sweep: new SweepSpec(trainers, grid, training.Folds ?? StratifiedFolds.DefaultFolds));
        }

        if (!TrainerCatalog.Trainable.Contains(baseVersion.Trainer))
            throw new RetrainRejectedException(RetrainNames.StepTraining,
                $"v{baseVersion.Version} was not trained here ({baseVersion.Trainer}), so it cannot be retrained as it was: set the policy's training to a sweep.");
        return new TrainingRequest(datasetId, baseVersion.Label, baseVersion.PositiveClass, baseVersion.Trainer, testFraction, seed,
            new Dictionary<string, double>(baseVersion.Options));
    }

    public void Dispose()
    {
        _training.RunFinished -= OnRunFinished;
        _pass.Dispose();
    }

    private void OnRunFinished(TrainingRun run) => _ = ContinueByRunAsync(run.RunId);

    private async Task ContinueByRunAsync(Guid runId)
    {
        try
        {
            if (await _store.FindByRunAsync(runId) is { IsRunning: true } pipeline) await ContinueAsync(pipeline.Id);
        }
        catch (Exception ex)
        {
            Faulted?.Invoke(runId.ToString(), ex);
        }
    }

    /// <summary>After the run: candidate, gates, action. Idempotent: a pipeline that has moved on already is left alone.</summary>
    private async Task ContinueAsync(Guid pipelineId)
    {
        var ct = CancellationToken.None;
        var pipeline = await _store.GetPipelineAsync(pipelineId, ct);
        if (pipeline is null) return;
        var gate = _locks.GetOrAdd(pipeline.Model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            pipeline = await _store.GetPipelineAsync(pipelineId, ct);
            if (pipeline is not { IsRunning: true, RunId: { } runId }) return;
            var run = await _training.GetRunAsync(runId, ct);
            if (run is { Status: RunStatus.Queued or RunStatus.Running }) return;
            try
            {
                await DecideAsync(pipeline, run);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Faulted?.Invoke(pipeline.Model, ex);
                var failed = pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Failed, ex.Message));
                await FinishAsync(failed, RetrainNames.Failed, null, ex.Message);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DecideAsync(RetrainPipeline pipeline, TrainingRun? run)
    {
        var ct = CancellationToken.None;
        if (run is not { Status: RunStatus.Succeeded, Version: { } version })
        {
            var error = run?.Error ?? (run?.Status == RunStatus.Cancelled ? $"Run {run.RunId} was cancelled." : "The training run no longer exists.");
            await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepTraining, _time.GetUtcNow(), RetrainNames.Failed, error)), RetrainNames.Failed, null, error);
            return;
        }

        pipeline = pipeline.With(new RetrainStep(RetrainNames.StepTraining, _time.GetUtcNow(), RetrainNames.Passed, $"Run {run.RunId} registered v{version}.")) with { Version = version };
        var actor = new Actor(RetrainNames.SystemActor);
        var check = await _promotion.CheckAsync(pipeline.Model, version, actor, ct);
        if (check is null)
        {
            const string gone = "The candidate version no longer exists.";
            await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepCandidate, _time.GetUtcNow(), RetrainNames.Failed, gone)), RetrainNames.Failed, null, gone);
            return;
        }

        pipeline = pipeline.With(new RetrainStep(RetrainNames.StepCandidate, _time.GetUtcNow(), RetrainNames.Passed, CandidateText(check)));
        await _store.UpdatePipelineAsync(pipeline, ct);
        PipelineChanged?.Invoke(pipeline);

        // Approval is a person's act before a champion promotion; a pipeline cannot give it, so it is not asked for here.
        var results = check.Results.Where(r => r.Name != GateNames.RequireApproval).ToList();
        var failing = results.Where(r => !r.Passed).ToList();
        if (failing.Count > 0)
        {
            var reason = $"{failing.Count} gate(s) failed: {string.Join(" ", failing.Select(f => f.Message))}";
            await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepGates, _time.GetUtcNow(), RetrainNames.Rejected, reason, results)), RetrainNames.Rejected, null, reason);
            return;
        }

        var passed = results.Count == 0 ? "No gates are set." : $"All {results.Count} gate(s) pass.";
        pipeline = pipeline.With(new RetrainStep(RetrainNames.StepGates, _time.GetUtcNow(), RetrainNames.Passed, passed, results));
        var action = pipeline.Policy.Action!;
        var because = $"Retrain pipeline {pipeline.Id} ({pipeline.Trigger}).";
        switch (action.Type)
        {
            case RetrainNames.Challenger:
                var promoted = await _promotion.PromoteAsync(pipeline.Model, version, ModelAliases.Challenger, actor, because, ct);
                if (promoted.Status is not (PromotionStatus.Promoted or PromotionStatus.Unchanged))
                {
                    await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Failed, promoted.Message)), RetrainNames.Failed, null, promoted.Message);
                    return;
                }

                await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Passed, $"v{version} is the challenger.")),
                    RetrainNames.Succeeded, RetrainNames.Challenger, null);
                return;
            case RetrainNames.Rollout:
                var kind = action.Kind == "shadow" ? RolloutKind.Shadow : RolloutKind.Canary;
                string? problem;
                Rollout? rollout = null;
                try
                {
                    rollout = await _rollouts.StartAsync(pipeline.Model, new RolloutPlan(kind, version), actor, ct);
                    problem = rollout is null ? $"Model '{pipeline.Model}' no longer exists." : null;
                }
                catch (RolloutValidationException ex)
                {
                    problem = $"{ex.Message} {string.Join(" ", ex.Errors.SelectMany(e => e.Value))}".Trim();
                }
                catch (RolloutConflictException ex)
                {
                    problem = ex.Message;
                }

                if (problem is not null || rollout is null)
                {
                    await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Failed, problem!)), RetrainNames.Failed, null, problem);
                    return;
                }

                await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Passed,
                    $"A {action.Kind} rollout of v{version} started ({rollout.Id}).")) with { RolloutId = rollout.Id }, RetrainNames.Succeeded, RetrainNames.RolloutStarted, null);
                return;
            default:
                await FinishAsync(pipeline.With(new RetrainStep(RetrainNames.StepAction, _time.GetUtcNow(), RetrainNames.Passed, $"v{version} is registered; no alias moved.")),
                    RetrainNames.Succeeded, RetrainNames.Registered, null);
                return;
        }
    }

    private async Task<RetrainPipeline> FinishAsync(RetrainPipeline pipeline, string status, string? outcome, string? reason)
    {
        var now = _time.GetUtcNow();
        pipeline = pipeline with { Status = status, Outcome = outcome, Reason = reason, FinishedAt = now };
        await _store.UpdatePipelineAsync(pipeline, CancellationToken.None);
        await _audit.RecordAsync(pipeline.StartedBy, AuditActions.RetrainFinished, pipeline.Model,
            new { pipeline = pipeline.Id, trigger = pipeline.Trigger, status, outcome, version = pipeline.Version, reason }, CancellationToken.None);
        _webhooks.Publish(new WebhookEvent(WebhookEventTypes.RetrainFinished, pipeline.Model, now, new
        {
            pipelineId = pipeline.Id,
            model = pipeline.Model,
            trigger = pipeline.Trigger,
            status,
            outcome = outcome ?? status,
            version = pipeline.Version,
            reason,
        }));
        PipelineChanged?.Invoke(pipeline);
        return pipeline;
    }

    private static string CandidateText(GateCheck check)
    {
        var text = Invariant($"v{check.Candidate.Version}: test AUC {check.Candidate.Metrics.Auc:F3}, F1 {check.Candidate.Metrics.F1:F3}");
        return check.Champion is { } champion && champion.Version != check.Candidate.Version
            ? text + Invariant($"; the champion v{champion.Version}: AUC {champion.Metrics.Auc:F3}, F1 {champion.Metrics.F1:F3}.")
            : text + ".";
    }

    /// <summary>The trigger step's sentence, from its evidence.</summary>
    public static string TriggerText(string trigger, RetrainEvidence e) => trigger switch
    {
        RetrainNames.Schedule => Invariant($"Schedule '{e.Cron}' was due at {e.DueAt:yyyy-MM-dd HH:mm} UTC."),
        RetrainNames.Drift => Invariant($"Drift run {e.DriftRunId} of the champion is {e.DriftStatus} (score {e.DriftScore:F2})."),
        RetrainNames.Labels => Invariant($"{e.LabelCount} new labels since the last retrain (the policy asks for {e.Threshold})."),
        RetrainNames.Performance => Invariant($"Realized {e.Metric?.ToUpperInvariant()} {e.MetricValue:F3} is below {e.Threshold:F3}."),
        _ => $"Asked for by {e.By}{(e.Urgent ? " (urgent)" : "")}{(e.Reason is null ? "." : $": {e.Reason}")}",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
