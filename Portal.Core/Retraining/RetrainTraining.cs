namespace Portal.Core.Retraining;

/// <summary>
/// How a retrain trains: <see cref="Mode"/> "champion" (the champion's trainer, options, label, positive class, seed and
/// test fraction) or "sweep" over <see cref="Trainers"/> (["auto"] for every trainer) with an optional grid and folds.
/// </summary>
public sealed record RetrainTraining(
    string Mode = RetrainNames.AsChampion,
    IReadOnlyList<string>? Trainers = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>>? Grid = null,
    int? Folds = null);
