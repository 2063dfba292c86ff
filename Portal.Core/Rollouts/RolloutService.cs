using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;

namespace Portal.Core.Rollouts;

/// <summary>
/// A rollout's lifecycle: start (checked against the registry, the candidate loaded before anything is stored), the
/// admin's pause / resume / abort / promote, the decision loop's verdicts, and the rebuild of serving at start-up.
/// Every change is stored first (with its decision, in one transaction, only from the state it was read in) and then
/// applied to serving, so the database is what a restart resumes from. Promotions go through <see cref="PromotionService"/>:
/// the same lock, gates, audit entry and history row as a promotion by hand.
/// </summary>
public sealed class RolloutService(
    IRolloutStore store,
    IModelRegistry registry,
    PromotionService promotions,
    ModelServer server,
    IAuditLog audit,
    TimeProvider time,
    RolloutRollbackCounts rollbacks,
    Webhooks.IWebhookPublisher? webhooks = null,
    Fleet.IRegistryChangeAnnouncer? changes = null)
{
    private static readonly Actor SystemActor = new(RolloutDecision.System);

    public Task<Rollout?> GetAsync(Guid id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<IReadOnlyList<Rollout>> ListAsync(string model, CancellationToken ct = default) => store.ListAsync(model, ct);

    public Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken ct = default) => store.ListActiveAsync(ct);

    public Task<IReadOnlyList<RolloutDecision>> ListDecisionsAsync(Guid id, CancellationToken ct = default) => store.ListDecisionsAsync(id, ct);

    /// <summary>
    /// Starts a rollout of <paramref name="plan"/>'s candidate against the model's champion. Returns null when the model
    /// does not exist. Throws <see cref="RolloutValidationException"/> (400, every bad field named; a candidate that does
    /// not load is one) or <see cref="RolloutConflictException"/> (409) and stores nothing.
    /// </summary>
    public async Task<Rollout?> StartAsync(string model, RolloutPlan plan, Actor by, CancellationToken ct = default)
    {
        var details = await registry.GetModelAsync(model, ct);
        if (details is null) return null;
        plan = plan.WithDefaults();
        var champion = details.Summary.ChampionVersion;
        var candidate = details.Versions.FirstOrDefault(v => v.Version == plan.CandidateVersion);
        RolloutPlanValidation.EnsureValid(model, plan, champion, candidate, await store.GetActiveAsync(model, ct));
        CheckStickyFeature(plan, details.Versions.FirstOrDefault(v => v.Version == champion), candidate!);

        ServedModel loaded;
        try
        {
            loaded = server.Load(candidate!);
        }
        catch (ArtefactIntegrityException ex)
        {
            throw new RolloutValidationException("candidateVersion", $"v{plan.CandidateVersion} cannot serve: {ex.Message}");
        }

        var now = time.GetUtcNow();
        var rollout = new Rollout(Guid.CreateVersion7(now), model, champion!.Value, plan, RolloutState.Running, 0, now, now, null, null, by.Name);
        var started = new RolloutDecision(now, RolloutAction.Started, StartReason(rollout), by.Name, 0);
        var stored = await store.CreateAsync(rollout, started, ct);
        server.StartRollout(stored, loaded);
        await AnnounceAsync(stored.Model);
        await audit.RecordAsync(by.Name, RolloutAudit.ActionOf(RolloutAction.Started), RolloutAudit.TargetOf(stored),
            new { rollout = stored.Id, kind = RolloutNames.Of(stored.Kind), champion = stored.ChampionVersion, reason = started.Reason }, CancellationToken.None);
        return stored;
    }

    /// <summary>Holds the rollout where it is: the split stays, the decision loop stops judging it until it is resumed.</summary>
    public Task<Rollout?> PauseAsync(Guid id, Actor by, string? reason, CancellationToken ct = default) =>
        MoveByHandAsync(id, by, RolloutState.Running, RolloutState.Paused, RolloutAction.Paused, "paused", reason ?? "Paused by hand.", ct);

    public Task<Rollout?> ResumeAsync(Guid id, Actor by, string? reason, CancellationToken ct = default) =>
        MoveByHandAsync(id, by, RolloutState.Paused, RolloutState.Running, RolloutAction.Resumed, "resumed", reason ?? "Resumed by hand.", ct);

    /// <summary>Ends the rollout without promoting: the champion answers every request again at once.</summary>
    public async Task<Rollout?> AbortAsync(Guid id, Actor by, string? reason, CancellationToken ct = default)
    {
        var rollout = await store.GetAsync(id, ct);
        if (rollout is null) return null;
        if (!rollout.State.IsActive()) throw new RolloutStateException(rollout, "aborted");
        return await EndAsync(rollout, RolloutState.Aborted, RolloutAction.Aborted, reason ?? "Aborted by hand.", by.Name, null, ct)
            ?? throw new RolloutStateException(await store.GetAsync(id, ct) ?? rollout, "aborted");
    }

    /// <summary>
    /// Promotes the candidate by hand, through the model's gates (an admin's own promotion: four eyes apply to them).
    /// Throws <see cref="RolloutPromotionBlockedException"/> when the gates refuse; the rollout then goes on.
    /// </summary>
    public async Task<Rollout?> PromoteAsync(Guid id, Actor by, string? reason, CancellationToken ct = default)
    {
        var rollout = await store.GetAsync(id, ct);
        if (rollout is null) return null;
        if (!rollout.State.IsActive()) throw new RolloutStateException(rollout, "promoted");
        var why = reason ?? "Promoted by hand.";
        var outcome = await promotions.PromoteAsync(rollout.Model, rollout.CandidateVersion, ModelAliases.Champion, by, PromotionReason(rollout, why), ct);
        if (outcome.Status is not (PromotionStatus.Promoted or PromotionStatus.Unchanged)) throw new RolloutPromotionBlockedException(outcome);
        return await EndAsync(rollout, RolloutState.Promoted, RolloutAction.Promoted, why, by.Name, null, ct);
    }

    /// <summary>
    /// Applies the decision loop's verdict on a running (or approval-waiting) rollout. Returns the rollout as stored after
    /// it, or null when nothing changed (a hold, or an admin acted first).
    /// </summary>
    public async Task<Rollout?> ApplyAsync(Rollout rollout, RolloutAction? action, string reason, string? evidenceJson, CancellationToken ct = default)
    {
        var after = await ApplyVerdictAsync(rollout, action, reason, evidenceJson, ct);
        if (after is not null && action is { } decided)
            webhooks?.Publish(new Webhooks.WebhookEvent(Webhooks.WebhookEventTypes.RolloutDecided, after.Model, time.GetUtcNow(), new
            {
                rollout = after.Id, kind = RolloutNames.Of(after.Kind), action = RolloutNames.Of(decided), state = RolloutNames.Of(after.State),
                step = after.CurrentStep, share = after.CandidateBasisPoints / 100.0, championVersion = after.ChampionVersion,
                candidateVersion = after.CandidateVersion, reason,
            }));
        return after;
    }

    private async Task<Rollout?> ApplyVerdictAsync(Rollout rollout, RolloutAction? action, string reason, string? evidenceJson, CancellationToken ct)
    {
        switch (action)
        {
            case null:
                return null;
            case RolloutAction.StepUp when rollout.State == RolloutState.Running && !rollout.AtLastStep:
                var decision = new RolloutDecision(time.GetUtcNow(), RolloutAction.StepUp, reason, RolloutDecision.System, rollout.CurrentStep + 1, evidenceJson);
                var stepped = await store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.Running, rollout.CurrentStep + 1, decision, ct);
                if (stepped is null) return null;
                server.UpdateRollout(stepped);
                await AnnounceAsync(stepped.Model);
                await audit.RecordAsync(RolloutDecision.System, RolloutAudit.ActionOf(RolloutAction.StepUp), RolloutAudit.TargetOf(stepped),
                    new { rollout = stepped.Id, step = stepped.CurrentStep, share = stepped.CandidateBasisPoints / 100.0, reason }, CancellationToken.None);
                return stepped;
            case RolloutAction.Promoted:
                return await PromoteOnItsOwnAsync(rollout, reason, evidenceJson, ct);
            case RolloutAction.RolledBack:
                return await EndAsync(rollout, RolloutState.RolledBack, RolloutAction.RolledBack, reason, RolloutDecision.System, evidenceJson, ct);
            case RolloutAction.Inconclusive:
                return await EndAsync(rollout, RolloutState.Inconclusive, RolloutAction.Inconclusive, reason, RolloutDecision.System, evidenceJson, ct);
            case RolloutAction.Aborted:
                return await EndAsync(rollout, RolloutState.Aborted, RolloutAction.Aborted, reason, RolloutDecision.System, evidenceJson, ct);
            default:
                return null;
        }
    }

    /// <summary>
    /// At start-up, before the portal reports ready: every active rollout serves its split again. One whose champion
    /// changed while the portal was down, or whose candidate no longer loads, is ended with the reason.
    /// </summary>
    public async Task<int> RestoreAsync(CancellationToken ct = default)
    {
        var restored = 0;
        foreach (var rollout in await store.ListActiveAsync(ct))
        {
            if (await ChampionChangeOf(rollout, ct) is { } changed)
            {
                await EndAsync(rollout, RolloutState.Aborted, RolloutAction.Aborted, changed, RolloutDecision.System, null, ct);
                continue;
            }

            var details = await registry.GetModelAsync(rollout.Model, ct);
            var candidate = details?.Versions.FirstOrDefault(v => v.Version == rollout.CandidateVersion);
            try
            {
                if (candidate is null) throw new ArtefactIntegrityException($"{rollout.Model} v{rollout.CandidateVersion} is no longer registered.");
                server.StartRollout(rollout, server.Load(candidate));
                restored++;
            }
            catch (ArtefactIntegrityException ex)
            {
                await EndAsync(rollout, RolloutState.RolledBack, RolloutAction.RolledBack, $"After a restart the candidate could not serve again: {ex.Message}", RolloutDecision.System, null, ct);
            }
        }

        return restored;
    }

    /// <summary>Why the rollout no longer compares what it started with: the champion moved outside it (null when it did not).</summary>
    public async Task<string?> ChampionChangeOf(Rollout rollout, CancellationToken ct = default)
    {
        var champion = (await registry.GetModelAsync(rollout.Model, ct))?.Summary.ChampionVersion;
        return champion == rollout.ChampionVersion ? null
            : $"The champion changed outside the rollout (v{rollout.ChampionVersion} -> {(champion is { } c ? $"v{c}" : "none")}): its comparison no longer holds.";
    }

    /// <summary>
    /// The winner is promoted through the ordinary path as <c>system</c>. When only the four-eyes approval is missing, the
    /// rollout waits for it (and is tried again at each look); when another gate refuses, the candidate is rolled back.
    /// </summary>
    private async Task<Rollout?> PromoteOnItsOwnAsync(Rollout rollout, string reason, string? evidenceJson, CancellationToken ct)
    {
        var outcome = await promotions.PromoteAsync(rollout.Model, rollout.CandidateVersion, ModelAliases.Champion, SystemActor, PromotionReason(rollout, reason), ct);
        switch (outcome.Status)
        {
            case PromotionStatus.Promoted or PromotionStatus.Unchanged:
                return await EndAsync(rollout, RolloutState.Promoted, RolloutAction.Promoted, reason, RolloutDecision.System, evidenceJson, ct);
            case PromotionStatus.Blocked when outcome.Gates?.Where(g => !g.Passed).All(g => g.Name == GateNames.RequireApproval) == true:
                if (rollout.State == RolloutState.AwaitingApproval) return null;
                var waiting = new RolloutDecision(time.GetUtcNow(), RolloutAction.AwaitingApproval,
                    $"{reason} The gates require a second admin's approval of v{rollout.CandidateVersion}: the rollout holds its split until then.",
                    RolloutDecision.System, rollout.CurrentStep, evidenceJson);
                var stored = await store.UpdateAsync(rollout.Id, rollout.State, RolloutState.AwaitingApproval, rollout.CurrentStep, waiting, ct);
                if (stored is not null)
                {
                    server.UpdateRollout(stored);
                    await AnnounceAsync(stored.Model);
                    await audit.RecordAsync(RolloutDecision.System, RolloutAudit.ActionOf(RolloutAction.AwaitingApproval), RolloutAudit.TargetOf(stored),
                        new { rollout = stored.Id, reason = waiting.Reason }, CancellationToken.None);
                }

                return stored;
            default:
                return await EndAsync(rollout, RolloutState.RolledBack, RolloutAction.RolledBack,
                    $"{reason} But the promotion was refused: {outcome.Message}", RolloutDecision.System, evidenceJson, ct);
        }
    }

    private async Task<Rollout?> MoveByHandAsync(Guid id, Actor by, RolloutState from, RolloutState to, RolloutAction action, string verb, string reason, CancellationToken ct)
    {
        var rollout = await store.GetAsync(id, ct);
        if (rollout is null) return null;
        if (rollout.State != from) throw new RolloutStateException(rollout, verb);
        var decision = new RolloutDecision(time.GetUtcNow(), action, reason, by.Name, rollout.CurrentStep);
        var moved = await store.UpdateAsync(id, from, to, rollout.CurrentStep, decision, ct)
            ?? throw new RolloutStateException(await store.GetAsync(id, ct) ?? rollout, verb);
        server.UpdateRollout(moved);
        await AnnounceAsync(moved.Model);
        await audit.RecordAsync(by.Name, RolloutAudit.ActionOf(action), RolloutAudit.TargetOf(moved), new { rollout = id, reason }, CancellationToken.None);
        return moved;
    }

    /// <summary>Stores the end, then gives the champion every request (unless the promotion already made the candidate champion).</summary>
    private async Task<Rollout?> EndAsync(Rollout rollout, RolloutState state, RolloutAction action, string reason, string by, string? evidenceJson, CancellationToken ct)
    {
        var decision = new RolloutDecision(time.GetUtcNow(), action, reason, by, rollout.CurrentStep, evidenceJson);
        var ended = await store.UpdateAsync(rollout.Id, rollout.State, state, rollout.CurrentStep, decision, ct);
        if (ended is null) return null;
        server.EndRollout(rollout.Model);
        await AnnounceAsync(rollout.Model);
        if (state == RolloutState.RolledBack && by == RolloutDecision.System) rollbacks.Record(rollout.Model);
        await audit.RecordAsync(by, RolloutAudit.ActionOf(action), RolloutAudit.TargetOf(ended), new { rollout = ended.Id, reason }, CancellationToken.None);
        return ended;
    }

    // After the commit, never cancelled: the other replicas must hear of a change that happened.
    private Task AnnounceAsync(string model) =>
        changes?.AnnounceAsync(new Fleet.RegistryChange(Fleet.RegistryChangeKinds.Rollout, model), CancellationToken.None) ?? Task.CompletedTask;

    private static string PromotionReason(Rollout rollout, string reason) => $"Rollout {rollout.Id} ({RolloutNames.Of(rollout.Kind)}): {reason}";

    private static string StartReason(Rollout rollout)
    {
        var plan = rollout.Plan;
        var split = rollout.Kind switch
        {
            RolloutKind.Canary => $"steps {string.Join(" -> ", plan.Steps!.Select(s => s + "%"))}",
            RolloutKind.Ab => $"weights {plan.Weights!.Champion}/{plan.Weights.Candidate}",
            _ => "the champion answers, the candidate scores every request off the response path",
        };
        return $"{RolloutNames.Of(rollout.Kind)} of v{rollout.CandidateVersion} against champion v{rollout.ChampionVersion}: {split}.";
    }

    /// <summary>A sticky feature must be one both versions read, else the key would be missing from every request.</summary>
    private static void CheckStickyFeature(RolloutPlan plan, ModelVersionInfo? champion, ModelVersionInfo candidate)
    {
        if (plan.StickyKey is not { Source: StickyKeySource.Feature, Feature: { } feature }) return;
        bool Reads(ModelVersionInfo? v) => v?.Schema.Features.Any(f => string.Equals(f.Name, feature, StringComparison.Ordinal)) == true;
        if (!Reads(champion) || !Reads(candidate))
            throw new RolloutValidationException("stickyKey", $"feature '{feature}' is not a feature of both the champion and the candidate; use one they both read, or header.");
    }
}
