using System.Collections.Concurrent;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Rollouts;

namespace Portal.Core.Serving;

/// <summary>
/// What is serving, held in memory so the predict path never reads the registry. Per model it keeps the
/// champion and challenger engines (swapped atomically) and the descriptors of every version, whose
/// engines are loaded on first use when a caller pins <c>?version=N</c>.
/// </summary>
public sealed partial class ModelServer(ArtefactStore artefacts, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Makes a version known (so it can be pinned), without loading it.</summary>
    public void Track(ModelVersionInfo version) => SlotOf(version.Model).Versions[version.Version] = version;

    /// <summary>Reads, verifies and loads a version; throws <see cref="ArtefactIntegrityException"/> and changes nothing on failure.</summary>
    public ServedModel Load(ModelVersionInfo version)
    {
        if (version.Source == VersionSources.Ensemble) return LoadEnsemble(version);
        var artefact = artefacts.ReadVerified(version.ArtefactKey, version.Sha256);
        ExplanationStore.TryRead(artefacts, version.ArtefactKey, version.Sha256, out var background, out var why);
        // The backfill's reason (the training dataset is gone) says more than "no file".
        return ServedModel.Load(version, artefact, time.GetUtcNow(), background, background is null ? version.Evaluation.InsightsNote ?? why : null);
    }

    /// <summary>
    /// Tracks <paramref name="version"/> as updated by the insight backfill and gives every loaded instance of it (champion,
    /// challenger, pinned, rollout candidate) its new explainer, or the reason it has none. Moves no alias.
    /// </summary>
    public void UpdateExplanation(ModelVersionInfo version, ShapExplainer? explainer, string? note)
    {
        Track(version);
        var slot = SlotOf(version.Model);
        IEnumerable<ServedModel?> loaded =
        [
            Volatile.Read(ref slot.Champion), Volatile.Read(ref slot.Challenger), Volatile.Read(ref slot.Rollout)?.Candidate,
            slot.Pinned.GetValueOrDefault(version.Version),
        ];
        foreach (var served in loaded)
            if (served is not null && served.Version == version.Version) served.UpdateExplanation(explainer, note);
    }

    /// <summary>Loads <paramref name="version"/> and, only if that succeeds, swaps it in under <paramref name="alias"/>.</summary>
    public ServedModel Activate(ModelVersionInfo version, string alias)
    {
        Track(version);
        var loaded = Load(version);
        Swap(alias, loaded);
        return loaded;
    }

    public void Swap(string alias, ServedModel model)
    {
        var slot = SlotOf(model.Model);
        switch (alias)
        {
            case ModelAliases.Champion: Interlocked.Exchange(ref slot.Champion, model); break;
            case ModelAliases.Challenger: Interlocked.Exchange(ref slot.Challenger, model); break;
            default: throw new ArgumentException($"Unknown alias '{alias}'.", nameof(alias));
        }

        slot.Pinned[model.Version] = model;
        slot.LastError = null;
    }

    public void RecordError(string model, string error) => SlotOf(model).LastError = error;

    /// <summary>Sets what the model does with inputs far outside its training range (held here so predict reads no settings store).</summary>
    public void SetInputRange(string model, InputRangePolicy policy) => SlotOf(model).InputRange = policy;

    /// <summary>The model's input-range policy; <see cref="InputRangePolicies.Default"/> until one is set.</summary>
    public InputRangePolicy InputRangeOf(string model) =>
        _slots.TryGetValue(model, out var slot) ? slot.InputRange : InputRangePolicies.Default;

    public PredictOutcome<ServedModel> Find(string model, string? alias, int? version)
    {
        if (!_slots.TryGetValue(model, out var slot))
            return PredictOutcome<ServedModel>.Fail(PredictFailure.UnknownModel, $"Model '{model}' does not exist.");
        if (version is { } v) return FindVersion(slot, model, v);

        switch (alias ?? ModelAliases.Champion)
        {
            case ModelAliases.Champion:
                return Volatile.Read(ref slot.Champion) is { } champion
                    ? PredictOutcome<ServedModel>.Ok(champion)
                    : PredictOutcome<ServedModel>.Fail(PredictFailure.NoChampion, slot.LastError is null
                        ? $"Model '{model}' has no champion yet: promote a version before predicting."
                        : $"Model '{model}' has no champion loaded: {slot.LastError}");
            case ModelAliases.Challenger:
                return Volatile.Read(ref slot.Challenger) is { } challenger
                    ? PredictOutcome<ServedModel>.Ok(challenger)
                    : PredictOutcome<ServedModel>.Fail(PredictFailure.AliasNotAssigned, $"Model '{model}' has no challenger.");
            default:
                return PredictOutcome<ServedModel>.Fail(PredictFailure.UnknownAlias, $"Unknown alias '{alias}': use champion or challenger.");
        }
    }

    /// <summary>
    /// Starts splitting the unpinned requests of <paramref name="rollout"/>'s model between the champion and
    /// <paramref name="candidate"/> (already loaded: see <see cref="Load"/>), with new live counters. Replaces any
    /// rollout the model had.
    /// </summary>
    public void StartRollout(Rollout rollout, ServedModel candidate)
    {
        var slot = SlotOf(rollout.Model);
        slot.Pinned.TryAdd(candidate.Version, candidate);
        Volatile.Write(ref slot.Rollout, rollout.State.IsTerminal() ? null : new ActiveRollout(rollout, candidate));
    }

    /// <summary>
    /// The model's rollout moved (a step, a pause, an approval wait): its new assigner is swapped in at once, the candidate
    /// and counters kept; a terminal state ends it. A rollout that is not the model's active one is ignored.
    /// </summary>
    public void UpdateRollout(Rollout rollout)
    {
        if (!_slots.TryGetValue(rollout.Model, out var slot)) return;
        while (true)
        {
            var current = Volatile.Read(ref slot.Rollout);
            if (current is null || current.Id != rollout.Id) return;
            var next = rollout.State.IsTerminal() ? null : current.With(rollout);
            if (Interlocked.CompareExchange(ref slot.Rollout, next, current) == current) return;
        }
    }

    /// <summary>Ends the model's rollout: the champion answers every request again.</summary>
    public void EndRollout(string model)
    {
        if (_slots.TryGetValue(model, out var slot)) Volatile.Write(ref slot.Rollout, null);
    }

    /// <summary>The model's active rollout, or null: one volatile read, for the predict path.</summary>
    public ActiveRollout? RolloutOf(string model) =>
        _slots.TryGetValue(model, out var slot) ? Volatile.Read(ref slot.Rollout) : null;

    /// <summary>A point-in-time view of every model, for health, status and the dashboard.</summary>
    public IReadOnlyList<ServingStatus> Snapshot() => _slots
        .OrderBy(s => s.Key, StringComparer.Ordinal)
        .Select(s => new ServingStatus(s.Key, Volatile.Read(ref s.Value.Champion), Volatile.Read(ref s.Value.Challenger), s.Value.LastError))
        .ToList();

    private PredictOutcome<ServedModel> FindVersion(ModelSlot slot, string model, int version)
    {
        if (slot.Pinned.TryGetValue(version, out var pinned)) return PredictOutcome<ServedModel>.Ok(pinned);
        if (!slot.Versions.TryGetValue(version, out var info))
            return PredictOutcome<ServedModel>.Fail(PredictFailure.UnknownVersion, $"Model '{model}' has no version {version}.");
        lock (slot)
        {
            if (slot.Pinned.TryGetValue(version, out pinned)) return PredictOutcome<ServedModel>.Ok(pinned);
            try
            {
                var loaded = Load(info);
                slot.Pinned[version] = loaded;
                return PredictOutcome<ServedModel>.Ok(loaded);
            }
            catch (ArtefactIntegrityException ex)
            {
                return PredictOutcome<ServedModel>.Fail(PredictFailure.ModelUnavailable, ex.Message);
            }
        }
    }

    private ModelSlot SlotOf(string model) => _slots.GetOrAdd(model, _ => new ModelSlot());

    private sealed class ModelSlot
    {
        public ServedModel? Champion;
        public ServedModel? Challenger;
        public ActiveRollout? Rollout;
        public volatile string? LastError;
        public volatile InputRangePolicy InputRange = InputRangePolicies.Default;
        public readonly ConcurrentDictionary<int, ModelVersionInfo> Versions = new();
        public readonly ConcurrentDictionary<int, ServedModel> Pinned = new();
    }
}
