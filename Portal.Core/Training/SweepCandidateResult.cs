namespace Portal.Core.Training;

/// <summary>
/// A candidate's cross-validation: its AUC on each fold (fold 0 first), their mean and their sample standard deviation
/// (see <see cref="SweepResult.StdKind"/>), and whether it was the one refitted and registered.
/// </summary>
public sealed record SweepCandidateResult(
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Options,
    IReadOnlyList<double> FoldAucs,
    double MeanAuc,
    double StdAuc,
    bool Chosen);
