namespace Portal.Core.Training;

/// <summary>
/// What to train: a binary classifier of <see cref="Label"/> (positive class given) on a registered dataset, with one
/// trainer (<see cref="Trainer"/> and <see cref="Options"/>) or, when <see cref="Sweep"/> is set, the best of a sweep.
/// </summary>
public sealed record TrainingRequest(
    int DatasetId,
    string Label,
    string PositiveClass,
    TrainerKind Trainer = TrainerKind.FastTree,
    double TestFraction = DataSplit.DefaultTestFraction,
    int Seed = DataSplit.DefaultSeed,
    IReadOnlyDictionary<string, double>? Options = null,
    SweepSpec? Sweep = null);
