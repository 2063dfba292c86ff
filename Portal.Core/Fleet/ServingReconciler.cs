using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;

namespace Portal.Core.Fleet;

/// <summary>
/// Brings what this replica serves for a model in line with the registry: the champion and challenger engines, the
/// active rollout (its split and step), the input-range policy and the known versions. Another replica's change is
/// applied with it, and the periodic pass runs it for every model in case an announcement was missed. It runs under
/// the model's promotion lock, so it never interleaves with a move made here.
/// </summary>
public sealed class ServingReconciler(IModelRegistry registry, IGateStore gates, IRolloutStore rollouts, ModelServer server, PromotionService promotions)
{
    /// <summary>Reconciles every model; returns what it changed (empty when this replica already agreed).</summary>
    public async Task<IReadOnlyList<string>> ReconcileAllAsync(CancellationToken ct = default)
    {
        var changed = new List<string>();
        foreach (var model in await registry.ListModelsAsync(ct))
            changed.AddRange(await ReconcileAsync(model.Name, reload: false, ct));
        return changed;
    }

    /// <summary>
    /// Reconciles one model; <paramref name="reload"/> re-reads the champion's artefact even when its version is the one
    /// serving (another replica reloaded it). Returns what changed, as sentences for the log. A version whose artefact
    /// fails its checks is recorded as the model's error and the engine that was serving keeps serving.
    /// </summary>
    public Task<IReadOnlyList<string>> ReconcileAsync(string model, bool reload, CancellationToken ct = default) =>
        promotions.UnderModelLockAsync(model, () => ReconcileLockedAsync(model, reload, ct), ct);

    private async Task<IReadOnlyList<string>> ReconcileLockedAsync(string model, bool reload, CancellationToken ct)
    {
        var changed = new List<string>();
        var details = await registry.GetModelAsync(model, ct);
        if (details is null) return changed;
        foreach (var version in details.Versions) server.Track(version);
        if (await gates.GetAsync(model, ct) is { } settings) server.SetInputRange(model, settings.InputRange);

        var serving = server.Snapshot().FirstOrDefault(s => s.Model == model);
        foreach (var alias in (string[])[ModelAliases.Champion, ModelAliases.Challenger])
        {
            var wanted = details.Versions.FirstOrDefault(v => v.Aliases.Contains(alias));
            if (wanted is null) continue;
            var current = alias == ModelAliases.Champion ? serving?.Champion : serving?.Challenger;
            var forced = reload && alias == ModelAliases.Champion;
            if (current?.Version == wanted.Version && !forced) continue;
            try
            {
                // An engine this replica already loaded for the version (an earlier champion, a pinned call) swaps in at
                // once, else it is loaded now (and kept); a reload reads the artefact again.
                var pinned = forced ? null : server.Find(model, null, wanted.Version).Value;
                if (pinned is not null && pinned.Info.Sha256 == wanted.Sha256) server.Swap(alias, pinned);
                else server.Activate(wanted, alias);
                changed.Add($"{model} serves v{wanted.Version} as {alias} (was {(current is null ? "none" : $"v{current.Version}")})");
            }
            catch (ArtefactIntegrityException ex)
            {
                server.RecordError(model, ex.Message);
                changed.Add($"{model} v{wanted.Version} could not serve as {alias}: {ex.Message}");
            }
        }

        changed.AddRange(await ReconcileRolloutAsync(model, details, ct));
        return changed;
    }

    private async Task<IReadOnlyList<string>> ReconcileRolloutAsync(string model, ModelDetails details, CancellationToken ct)
    {
        var stored = await rollouts.GetActiveAsync(model, ct);
        var live = server.RolloutOf(model);
        if (stored is null)
        {
            if (live is null) return [];
            server.EndRollout(model);
            return [$"{model}'s rollout {live.Id} ended"];
        }

        if (live is not null && live.Id == stored.Id)
        {
            if (live.Rollout.State == stored.State && live.Rollout.CurrentStep == stored.CurrentStep) return [];
            server.UpdateRollout(stored);
            return [$"{model}'s rollout {stored.Id} is {RolloutNames.Of(stored.State)} at step {stored.CurrentStep}"];
        }

        var candidate = details.Versions.FirstOrDefault(v => v.Version == stored.CandidateVersion);
        if (candidate is null) return [];
        try
        {
            server.StartRollout(stored, server.Load(candidate));
            return [$"{model}'s rollout {stored.Id} of v{stored.CandidateVersion} serves its split"];
        }
        catch (ArtefactIntegrityException ex)
        {
            server.RecordError(model, ex.Message);
            return [$"{model}'s rollout candidate v{stored.CandidateVersion} could not load: {ex.Message}"];
        }
    }
}
