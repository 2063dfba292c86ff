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
    string ArtefactPath,
    string Sha256,
    IReadOnlyList<string> Aliases,
    ModelStage Stage,
    Guid? RunId)
{
    public ModelMetrics Metrics => Evaluation.Metrics;
}
