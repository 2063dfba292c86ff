namespace Portal.Core.Training;

public enum TrainerKind
{
    FastTree,
    LightGbm,
    FastForest,
    LogisticRegression,

    /// <summary>A version registered from a zip trained elsewhere: not a trainer one can ask for.</summary>
    Imported,

    /// <summary>A version that averages the probabilities of other registered versions: not a trainer one can ask for either.</summary>
    Ensemble,
}
