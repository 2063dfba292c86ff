namespace Portal.Core.Training;

public enum TrainerKind
{
    FastTree,
    LightGbm,
    FastForest,
    LogisticRegression,
}
