using Portal.Core.Explanations;

namespace Portal.Core.Training;

/// <summary>The outcome of a successful training: the ML.NET model zip, its inputs and its test evaluation.</summary>
public sealed record TrainedModel(
    byte[] Artefact,
    FeatureSchema Schema,
    Evaluation Evaluation,
    string PositiveClass,
    string NegativeClass)
{
    /// <summary>Columns that are not model inputs, each as "name: reason".</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Rows left out of training and evaluation because their label was missing.</summary>
    public int DroppedRows { get; init; }

    /// <summary>The trainer of the model: the request's, or the sweep's chosen candidate's.</summary>
    public TrainerKind Trainer { get; init; }

    /// <summary>The cross-validation of every candidate when the request was a sweep; null otherwise.</summary>
    public SweepResult? Sweep { get; init; }

    /// <summary>Every trainer option as used (the request's values, defaults for the rest).</summary>
    public IReadOnlyDictionary<string, double> Options { get; init; } = new Dictionary<string, double>();

    /// <summary>What exact explanations need from the training rows (node covers or feature means); null when the model cannot be explained.</summary>
    public ExplanationBackground? Explanation { get; init; }

    /// <summary>Why <see cref="Explanation"/> is null.</summary>
    public string? ExplanationNote { get; init; }
}
