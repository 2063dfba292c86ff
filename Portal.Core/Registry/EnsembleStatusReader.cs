using Portal.Core.Serving;

namespace Portal.Core.Registry;

/// <summary>The status of ensemble versions, from the registry, their manifests and what the model server has loaded (no engine is loaded to answer).</summary>
public sealed class EnsembleStatusReader(IModelRegistry registry, ModelServer server, EnsembleBuilder builder)
{
    public const string Champion = ModelAliases.Champion;
    public const string Challenger = ModelAliases.Challenger;
    public const string RolloutCandidate = "rollout-candidate";

    /// <summary>Every ensemble version of the model (newest first), serving or not; null when the model does not exist.</summary>
    public async Task<IReadOnlyList<EnsembleStatus>?> ForModelAsync(string model, CancellationToken ct = default) =>
        await registry.GetModelAsync(model, ct) is { } details ? Read(details, servingOnly: false) : null;

    /// <summary>Every ensemble that serves: a champion, a challenger or an active rollout's candidate, of any model.</summary>
    public async Task<IReadOnlyList<EnsembleStatus>> ServingAsync(CancellationToken ct = default)
    {
        var all = new List<EnsembleStatus>();
        foreach (var summary in await registry.ListModelsAsync(ct))
            if (await registry.GetModelAsync(summary.Name, ct) is { } details)
                all.AddRange(Read(details, servingOnly: true));
        return all;
    }

    private List<EnsembleStatus> Read(ModelDetails details, bool servingOnly)
    {
        var model = details.Summary.Name;
        var candidate = server.RolloutOf(model)?.Candidate.Version;
        var list = new List<EnsembleStatus>();
        foreach (var version in details.Versions.Where(v => v.Source == VersionSources.Ensemble).OrderByDescending(v => v.Version))
        {
            var servesAs = new List<string>();
            if (details.Summary.ChampionVersion == version.Version) servesAs.Add(Champion);
            if (details.Summary.ChallengerVersion == version.Version) servesAs.Add(Challenger);
            if (candidate == version.Version) servesAs.Add(RolloutCandidate);
            if (servingOnly && servesAs.Count == 0) continue;

            var loaded = server.LoadedOf(model, version.Version);
            EnsembleManifest manifest;
            try
            {
                manifest = builder.ManifestOf(version);
            }
            catch (ArtefactIntegrityException ex)
            {
                list.Add(new EnsembleStatus(model, version.Version, servesAs, loaded is not null, loaded?.ScorerNote, ex.Message,
                    version.Metrics.Auc is var a && double.IsFinite(a) ? a : null, version.Evaluation.EvaluatedOn, null, null, []));
                continue;
            }

            var error = loaded is null && servesAs.Contains(Champion) ? server.LastErrorOf(model) : null;
            var shares = manifest.Shares();
            var components = manifest.Components.Select((c, i) =>
            {
                var info = details.Versions.FirstOrDefault(v => v.Version == c.Version);
                var served = loaded?.Components?.FirstOrDefault(s => s.Version == c.Version) ?? server.LoadedOf(model, c.Version);
                var stage = info?.Stage.ToString() ?? "missing";
                var note = info is null ? "no longer registered: the ensemble cannot load"
                    : info.Stage == ModelStage.Archived ? "archived: still serves inside the ensemble" : null;
                return new EnsembleComponentStatus(c.Version, c.Trainer, c.Weight, shares[i], stage, note, served is not null, served?.ScorerKind, c.Auc, c.F1, c.Contribution);
            }).ToList();
            list.Add(new EnsembleStatus(model, version.Version, servesAs, loaded is not null, loaded?.ScorerNote, error,
                manifest.Auc, manifest.EvaluatedOn, manifest.Note, manifest.Description, components));
        }

        return list;
    }
}
