using Portal.Core.Explanations;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// A model version's card: what it is for and where not to trust it (both edited by its owners), what it
/// was trained and evaluated on, its inputs, metrics, the gate evidence of its promotions and its artefact.
/// Built by <see cref="ModelCardBuilder"/>, rendered as Markdown by <see cref="ModelCardMarkdown"/>.
/// </summary>
public sealed record ModelCard(
    string Model,
    int Version,
    string? IntendedUse,
    string? Limitations,
    string Source,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Options,
    string Label,
    string PositiveClass,
    string NegativeClass,
    ModelCardTrainingData? TrainingData,
    int TrainingRows,
    int TestRows,
    string Evaluation,
    IReadOnlyList<ModelCardFeature> Features,
    ModelMetrics Metrics,
    IReadOnlyList<ModelCardPromotion> Promotions,
    ModelStage Stage,
    IReadOnlyList<string> Aliases,
    string ArtefactSha256)
{
    /// <summary>Permutation importance on the test split (the version's evaluation's); null when it has none.</summary>
    public PermutationImportanceResult? Importance { get; init; }

    /// <summary>Mean |SHAP| per feature on the test split (log-odds, the version's evaluation's); null when it has none.</summary>
    public ShapImportance? MeanAbsShap { get; init; }
}
