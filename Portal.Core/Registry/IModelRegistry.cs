using Portal.Core.Training;

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

    /// <summary>
    /// Moves <paramref name="alias"/> to <paramref name="version"/> (and stages with it) and records the move with its
    /// gate evidence, in one transaction. Returns the move (FromVersion is the version that held the alias).
    /// </summary>
    Task<AliasMove> SetAliasAsync(string name, string alias, int version, string by, string? reason,
        IReadOnlyList<Gates.GateResult>? gates = null, string action = AliasActions.Promote, CancellationToken ct = default);

    /// <summary>Every alias move of the model, newest first (optionally of one alias).</summary>
    Task<IReadOnlyList<AliasMove>> GetHistoryAsync(string name, string? alias = null, CancellationToken ct = default);

    /// <summary>The version that held <paramref name="alias"/> at instant <paramref name="at"/>, or null when none did.</summary>
    Task<int?> VersionAtAsync(string name, string alias, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Updates a version's editable model-card text; null when the version does not exist.</summary>
    Task<ModelVersionInfo?> UpdateCardAsync(string name, int version, string? intendedUse, string? limitations, CancellationToken ct = default);

    /// <summary>Replaces a version's feature schema (to add what was computed later, such as training ranges); null when the version does not exist.</summary>
    Task<ModelVersionInfo?> UpdateSchemaAsync(string name, int version, FeatureSchema schema, CancellationToken ct = default);

    /// <summary>Replaces a version's evaluation (to add what was computed later, such as calibration or mean |SHAP|); null when the version does not exist.</summary>
    Task<ModelVersionInfo?> UpdateEvaluationAsync(string name, int version, Evaluation evaluation, CancellationToken ct = default);

    /// <summary>Every version that holds an alias, for loading at start-up.</summary>
    Task<IReadOnlyList<ModelVersionInfo>> ListAliasedVersionsAsync(CancellationToken ct = default);
}
