namespace Portal.Core.Training;

/// <summary>What to train: a binary classifier of <see cref="Label"/> (positive class given) on a registered dataset.</summary>
public sealed record TrainingRequest(
    int DatasetId,
    string Label,
    string PositiveClass,
    TrainerKind Trainer = TrainerKind.FastTree,
    double TestFraction = 0.2,
    int Seed = 1,
    IReadOnlyDictionary<string, double>? Options = null);
