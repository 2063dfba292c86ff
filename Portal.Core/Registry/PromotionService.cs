using System.Collections.Concurrent;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Serving;

namespace Portal.Core.Registry;

/// <summary>
/// Governs what serves: gates, promotion, approval, rollback and reload. Each move of a model runs under that
/// model's lock, in this order: check gates, load and verify the new engine, move the alias in one database
/// transaction, swap the engine. A failure at any step leaves both the registry and the serving engine as
/// they were; and because moves of one model are serialised, the engine that serves always matches the
/// registry's champion.
/// </summary>
public sealed class PromotionService(IModelRegistry registry, IGateStore gates, IAuditLog audit, ModelServer server, TimeProvider time,
    Webhooks.IWebhookPublisher? webhooks = null, Fleet.IRegistryChangeAnnouncer? changes = null)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public Task<ModelGates?> GetGatesAsync(string model, CancellationToken ct = default) => gates.GetAsync(model, ct);

    /// <summary>Validates and stores gates; returns field errors (nothing stored) or null when stored. Throws KeyNotFoundException for an unknown model.</summary>
    public async Task<IReadOnlyDictionary<string, string[]>?> SetGatesAsync(string model, ModelGates updated, string by, CancellationToken ct = default)
    {
        var errors = GateValidation.Validate(updated);
        if (errors.Count > 0) return errors;
        var before = await gates.GetAsync(model, ct) ?? throw new KeyNotFoundException($"Model '{model}' does not exist.");
        await gates.SetAsync(model, updated, by, time.GetUtcNow(), ct);
        server.SetInputRange(model, updated.InputRange);
        await audit.RecordAsync(by, AuditActions.GatesUpdated, model, new { before = Plain(before), after = Plain(updated) }, ct);
        await AnnounceAsync(Fleet.RegistryChangeKinds.Gates, model);
        return null;
    }

    /// <summary>Runs the gates without moving anything. Null when the model or version does not exist.</summary>
    public async Task<GateCheck?> CheckAsync(string model, int version, Actor promoter, CancellationToken ct = default)
    {
        var details = await registry.GetModelAsync(model, ct);
        var candidate = details?.Versions.FirstOrDefault(v => v.Version == version);
        if (details is null || candidate is null) return null;
        var champion = details.Versions.FirstOrDefault(v => v.Version == details.Summary.ChampionVersion);
        var modelGates = await gates.GetAsync(model, ct) ?? ModelGates.Off;
        var approvals = modelGates.RequireApproval ? await gates.ListApprovalsAsync(model, version, ct) : [];
        // A version compared with itself proves nothing: re-promoting the champion has no champion to beat.
        var baseline = champion?.Version == version ? null : champion?.Metrics;
        return new GateCheck(candidate, champion, modelGates, GateEvaluator.Evaluate(modelGates, candidate.Metrics, baseline, approvals, promoter.Person));
    }

    public async Task<PromotionOutcome> PromoteAsync(string model, int version, string alias, Actor by, string? reason, CancellationToken ct = default)
    {
        if (!ModelAliases.IsKnown(alias)) return new PromotionOutcome(PromotionStatus.Invalid, $"Unknown alias '{alias}': use champion or challenger.");
        var gate = _locks.GetOrAdd(model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var check = await CheckAsync(model, version, by, ct);
            if (check is null) return new PromotionOutcome(PromotionStatus.NotFound, $"Model '{model}' has no version {version}.");
            // Re-promoting the holder of an alias moves nothing: no gates, no history row, no audit entry, no reload.
            if (check.Candidate.Aliases.Contains(alias))
                return new PromotionOutcome(PromotionStatus.Unchanged, $"{model} v{version} already is the {alias}.");
            // Gates decide what may serve: they run on promotions to champion only.
            var results = alias == ModelAliases.Champion ? check.Results : [];
            if (results.Any(r => !r.Passed))
            {
                var failing = results.Where(r => !r.Passed).ToList();
                await audit.RecordAsync(by.Name, AuditActions.PromotionBlocked, $"{model} v{version}", new { alias, reason, gates = failing }, ct);
                Publish(Webhooks.WebhookEventTypes.GateBlocked, model, new { version, alias, actor = by.Name, reason, gates = failing });
                return new PromotionOutcome(PromotionStatus.Blocked, $"{failing.Count} gate(s) block promoting {model} v{version} to {alias}: {string.Join(" ", failing.Select(f => f.Message))}", Gates: results);
            }

            return await MoveAsync(check.Candidate, alias, by.Name, reason, results, AliasActions.Promote, AuditActions.VersionPromoted, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// The version <see cref="RollbackAsync"/> would serve now without a <c>to</c>: the champion before the current one
    /// on the <see cref="ChampionStack"/>, or null when there is none (pages show the rollback target with this).
    /// </summary>
    public static int? RollbackTarget(int? champion, IReadOnlyList<AliasMove> championHistory)
    {
        var stack = ChampionStack.From(championHistory);
        return champion is not null && stack.Current == champion ? stack.Previous : null;
    }

    /// <summary>
    /// Returns the champion to an earlier champion, with no gates (an emergency switch) and no restart: to the one
    /// before the current champion on the <see cref="ChampionStack"/>, or to <paramref name="to"/> when given, which
    /// must be an earlier champion on that path. Repeated rollbacks go further back, never forward.
    /// </summary>
    public async Task<PromotionOutcome> RollbackAsync(string model, string by, string? reason, int? to = null, CancellationToken ct = default)
    {
        var gate = _locks.GetOrAdd(model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var details = await registry.GetModelAsync(model, ct);
            if (details is null) return new PromotionOutcome(PromotionStatus.NotFound, $"Model '{model}' does not exist.");
            var stack = ChampionStack.From(await registry.GetHistoryAsync(model, ModelAliases.Champion, ct));
            var current = details.Summary.ChampionVersion;
            if (current is null || stack.Current != current)
                return new PromotionOutcome(PromotionStatus.NoPrevious, $"Model '{model}' has no previous champion to roll back to.");

            if (to is { } wanted)
            {
                if (details.Versions.All(v => v.Version != wanted))
                    return new PromotionOutcome(PromotionStatus.NotFound, $"Model '{model}' has no version {wanted}.");
                if (wanted == current)
                    return new PromotionOutcome(PromotionStatus.NotOnPath, $"{model} v{wanted} is the current champion; roll back to an earlier one.");
                if (!stack.CanReturnTo(wanted))
                {
                    var earlier = stack.Served.Take(stack.Served.Count - 1).Distinct().Select(v => $"v{v}").ToList();
                    return new PromotionOutcome(PromotionStatus.NotOnPath, $"{model} v{wanted} is not an earlier champion on the rollback path; "
                        + (earlier.Count == 0 ? "no earlier champion remains." : $"it can return to {string.Join(", ", earlier)}."));
                }
            }

            if ((to ?? stack.Previous) is not { } targetVersion)
                return new PromotionOutcome(PromotionStatus.NoPrevious, $"Model '{model}' has no previous champion to roll back to.");
            var target = details.Versions.First(v => v.Version == targetVersion);
            return await MoveAsync(target, ModelAliases.Champion, by, reason ?? "rollback", [], AliasActions.Rollback, AuditActions.ModelRolledBack, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Records an approval by a person (through a key: the key's owner, and which key).</summary>
    public async Task<VersionApproval?> ApproveAsync(string model, int version, Actor by, string? reason, CancellationToken ct = default)
    {
        if (await registry.GetVersionAsync(model, version, ct) is null) return null;
        var approval = new VersionApproval(model, version, by.Name, time.GetUtcNow(), reason, by.Person, by.ViaKey);
        await gates.AddApprovalAsync(approval, ct);
        await audit.RecordAsync(by.Name, AuditActions.VersionApproved, $"{model} v{version}", new { reason, person = by.Person, viaKey = by.ViaKey }, ct);
        return approval;
    }

    public Task<IReadOnlyList<VersionApproval>> ListApprovalsAsync(string model, int version, CancellationToken ct = default) => gates.ListApprovalsAsync(model, version, ct);

    /// <summary>
    /// Re-reads the registry's champion and its artefact and swaps it in (the runbook's reload-model), refusing it
    /// when its test AUC is below <paramref name="minAuc"/> or the artefact fails its checks; the engine that was
    /// serving keeps serving then.
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(string model, double? minAuc, string by, CancellationToken ct = default)
    {
        var gate = _locks.GetOrAdd(model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var details = await registry.GetModelAsync(model, ct);
            if (details is null) return new ReloadOutcome(false, model, null, null, minAuc, $"Model '{model}' does not exist.", NotFound: true);
            var champion = details.Versions.FirstOrDefault(v => v.Version == details.Summary.ChampionVersion);
            if (champion is null) return new ReloadOutcome(false, model, null, null, minAuc, $"Model '{model}' has no champion to reload.", NotFound: true);

            var auc = champion.Metrics.Auc;
            if (minAuc is { } threshold && auc < threshold)
            {
                await audit.RecordAsync(by, AuditActions.ReloadRejected, $"{model} v{champion.Version}", new { auc, min_auc = threshold }, ct);
                return new ReloadOutcome(false, model, champion.Version, auc, threshold, "Model AUC below threshold", BelowThreshold: true);
            }

            ServedModel loaded;
            try
            {
                loaded = server.Load(champion);
            }
            catch (ArtefactIntegrityException ex)
            {
                await audit.RecordAsync(by, AuditActions.ReloadRejected, $"{model} v{champion.Version}", new { error = ex.Message }, ct);
                return new ReloadOutcome(false, model, champion.Version, auc, minAuc, ex.Message);
            }

            server.Track(champion);
            server.Swap(ModelAliases.Champion, loaded);
            await audit.RecordAsync(by, AuditActions.ModelReloaded, $"{model} v{champion.Version}", new { auc, min_auc = minAuc }, ct);
            await AnnounceAsync(Fleet.RegistryChangeKinds.Reload, model);
            return new ReloadOutcome(true, model, champion.Version, auc, minAuc, null);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PromotionOutcome> MoveAsync(ModelVersionInfo target, string alias, string by, string? reason, IReadOnlyList<GateResult> results, string action, string auditAction, CancellationToken ct)
    {
        if (changes is not null) await changes.AnnounceAsync(new Fleet.RegistryChange(Fleet.RegistryChangeKinds.Preload, target.Model, Version: target.Version), CancellationToken.None);
        ServedModel loaded;
        try
        {
            loaded = server.Load(target);
        }
        catch (ArtefactIntegrityException ex)
        {
            return new PromotionOutcome(PromotionStatus.ArtefactRefused, ex.Message, Gates: results);
        }

        var move = await registry.SetAliasAsync(target.Model, alias, target.Version, by, reason, results, action, ct);
        server.Track(target);
        server.Swap(alias, loaded);
        await audit.RecordAsync(by, auditAction, $"{target.Model} v{target.Version}", new { alias, from = move.FromVersion, to = move.ToVersion, reason, gates = results }, CancellationToken.None);
        await AnnounceAsync(action == AliasActions.Rollback ? Fleet.RegistryChangeKinds.Rollback : Fleet.RegistryChangeKinds.Promotion, target.Model);
        Publish(action == AliasActions.Rollback ? Webhooks.WebhookEventTypes.VersionRolledBack : Webhooks.WebhookEventTypes.VersionPromoted, target.Model,
            new { version = target.Version, alias, from = move.FromVersion, to = move.ToVersion, actor = by, reason });
        var verb = action == AliasActions.Rollback ? "rolled back to" : "promoted to";
        return new PromotionOutcome(PromotionStatus.Promoted, $"{target.Model} {verb} v{target.Version} as {alias}.", move, results);
    }

    /// <summary>
    /// Runs <paramref name="work"/> under the model's lock, the one every move of the model takes, so a replica applying a
    /// change another replica made never interleaves with a move of its own (and never swaps in an older engine after it).
    /// </summary>
    public async Task<T> UnderModelLockAsync<T>(string model, Func<Task<T>> work, CancellationToken ct = default)
    {
        var gate = _locks.GetOrAdd(model, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            return await work();
        }
        finally
        {
            gate.Release();
        }
    }

    // After the commit, never cancelled: the change happened, so the other replicas must hear of it.
    private Task AnnounceAsync(string kind, string model) =>
        changes?.AnnounceAsync(new Fleet.RegistryChange(kind, model), CancellationToken.None) ?? Task.CompletedTask;

    private void Publish(string type, string model, object data) => webhooks?.Publish(new Webhooks.WebhookEvent(type, model, time.GetUtcNow(), data));

    private static object Plain(ModelGates g) => new { g.MinAuc, g.MinF1ImprovementPct, g.MaxBrierDegradation, g.MinTestRows, g.RequireApproval, InputRange = InputRangePolicies.Name(g.InputRange) };
}
