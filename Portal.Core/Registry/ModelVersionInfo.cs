using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>A registered model version: everything needed to explain, reproduce and serve it.</summary>
public sealed record ModelVersionInfo(
    string Model,
    int Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Options,
    int? DatasetId,
    string? DatasetSha256,
    string Label,
    string PositiveClass,
    string NegativeClass,
    FeatureSchema Schema,
    Evaluation Evaluation,
    string ArtefactKey,
    string Sha256,
    IReadOnlyList<string> Aliases,
    ModelStage Stage,
    Guid? RunId)
{
    public ModelMetrics Metrics => Evaluation.Metrics;

    /// <summary>"trained" here, or "imported" (a zip trained elsewhere, evaluated here on a registered dataset).</summary>
    public string Source { get; init; } = VersionSources.Trained;

    /// <summary>Model-card text an owner edits: what the model is for.</summary>
    public string? IntendedUse { get; init; }

    /// <summary>Model-card text an owner edits: where the model should not be trusted.</summary>
    public string? Limitations { get; init; }
}
