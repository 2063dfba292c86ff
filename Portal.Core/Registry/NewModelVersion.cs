using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>What a caller knows about a version before the registry numbers it.</summary>
public sealed record NewModelVersion(
    string Model,
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
    Guid? RunId)
{
    public string Source { get; init; } = VersionSources.Trained;
}
