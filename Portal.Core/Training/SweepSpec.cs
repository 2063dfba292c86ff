namespace Portal.Core.Training;

/// <summary>
/// A sweep: every trainer in <see cref="Trainers"/> with every combination of its <see cref="Grid"/> values (options not
/// in the grid keep their request value or default) is a candidate, scored by stratified <see cref="Folds"/>-fold
/// cross-validation on the training part; the best by mean fold AUC is refitted on the whole training part.
/// </summary>
public sealed record SweepSpec(
    IReadOnlyList<TrainerKind> Trainers,
    IReadOnlyDictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>? Grid = null,
    int Folds = StratifiedFolds.DefaultFolds);
