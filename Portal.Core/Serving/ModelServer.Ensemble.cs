using Portal.Core.Registry;

namespace Portal.Core.Serving;

/// <summary>Loading ensemble versions: their components come from the versions already loaded for pinning, or are loaded and pinned.</summary>
public sealed partial class ModelServer
{
    /// <summary>The loaded <paramref name="version"/> that <c>?version=N</c> serves, loading and pinning it when it is not loaded yet.</summary>
    public ServedModel LoadPinned(ModelVersionInfo version)
    {
        var slot = SlotOf(version.Model);
        if (slot.Pinned.TryGetValue(version.Version, out var pinned)) return pinned;
        lock (slot)
        {
            if (slot.Pinned.TryGetValue(version.Version, out pinned)) return pinned;
            var loaded = Load(version);
            slot.Pinned[version.Version] = loaded;
            return loaded;
        }
    }

    /// <summary>The loaded version (serving under an alias, as a rollout candidate, or pinned), or null when it is not loaded.</summary>
    public ServedModel? LoadedOf(string model, int version) =>
        _slots.TryGetValue(model, out var slot) && slot.Pinned.TryGetValue(version, out var served) ? served : null;

    /// <summary>Why the model's champion could not be loaded, or null.</summary>
    public string? LastErrorOf(string model) => _slots.TryGetValue(model, out var slot) ? slot.LastError : null;

    /// <summary>Reads and checks the manifest, then loads (or reuses) each component; any failure names the component.</summary>
    private ServedModel LoadEnsemble(ModelVersionInfo version)
    {
        var what = $"{version.Model} v{version.Version}";
        var manifest = EnsembleManifest.Parse(artefacts.ReadVerified(version.ArtefactKey, version.Sha256), what);
        var slot = SlotOf(version.Model);
        var components = new ServedModel[manifest.Components.Count];
        for (var i = 0; i < components.Length; i++)
        {
            var number = manifest.Components[i].Version;
            if (!slot.Versions.TryGetValue(number, out var info))
                throw new ArtefactIntegrityException($"{what}: its component v{number} is not a registered version.");
            if (info.Source == VersionSources.Ensemble)
                throw new ArtefactIntegrityException($"{what}: its component v{number} is itself an ensemble.");
            try
            {
                components[i] = LoadPinned(info);
            }
            catch (ArtefactIntegrityException ex)
            {
                throw new ArtefactIntegrityException($"{what}: its component v{number} cannot serve: {ex.Message}", ex);
            }
        }

        return ServedModel.Ensemble(version, components, manifest.Shares(), time.GetUtcNow());
    }
}
