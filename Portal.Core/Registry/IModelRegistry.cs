namespace Portal.Core.Registry;

/// <summary>The model registry's persistence (implemented in Portal.Data).</summary>
public interface IModelRegistry
{
    Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken ct = default);
    Task<ModelDetails?> GetModelAsync(string name, CancellationToken ct = default);
    Task<ModelVersionInfo?> GetVersionAsync(string name, int version, CancellationToken ct = default);

    /// <summary>
    /// Registers a new version: in one transaction the registry picks the next number, calls
    /// <paramref name="writeArtefact"/> with it, and stores the row. If storing fails, nothing is registered.
    /// </summary>
    Task<ModelVersionInfo> AddVersionAsync(NewModelVersion version, Func<int, CancellationToken, Task<StoredArtefact>> writeArtefact, CancellationToken ct = default);

    /// <summary>Moves <paramref name="alias"/> to <paramref name="version"/> (and stages with it) in one transaction.</summary>
    Task SetAliasAsync(string name, string alias, int version, string by, string? reason, CancellationToken ct = default);

    /// <summary>Every version that holds an alias, for loading at start-up.</summary>
    Task<IReadOnlyList<ModelVersionInfo>> ListAliasedVersionsAsync(CancellationToken ct = default);
}
