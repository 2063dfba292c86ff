namespace Portal.Core.Training;

/// <summary>
/// The options each trainer accepts, with defaults and ranges: the UI renders its form from here and
/// <see cref="Validate"/> checks a request's options against it. The tree defaults are tuned so that
/// FastTree matches scikit-learn's GradientBoostingClassifier(n_estimators=100) on the sample datasets
/// (see tools/reference/sklearn_auc_same_split.py).
/// </summary>
public static class TrainerCatalog
{
    private static readonly IReadOnlyDictionary<TrainerKind, IReadOnlyList<TrainerOptionSpec>> Specs =
        new Dictionary<TrainerKind, IReadOnlyList<TrainerOptionSpec>>
        {
            [TrainerKind.FastTree] =
            [
                new("numberOfTrees", 100, 1, 2000, true, "Boosting rounds (trees)."),
                new("numberOfLeaves", 8, 2, 256, true, "Maximum leaves per tree."),
                new("minimumExampleCountPerLeaf", 10, 1, 1000, true, "Fewest training rows a leaf may hold."),
                new("learningRate", 0.1, 0.001, 1, false, "Shrinkage applied to each tree."),
            ],
            [TrainerKind.LightGbm] =
            [
                new("numberOfIterations", 100, 1, 2000, true, "Boosting rounds (trees)."),
                new("numberOfLeaves", 8, 2, 256, true, "Maximum leaves per tree."),
                new("minimumExampleCountPerLeaf", 10, 1, 1000, true, "Fewest training rows a leaf may hold."),
                new("learningRate", 0.1, 0.001, 1, false, "Shrinkage applied to each tree."),
            ],
            [TrainerKind.FastForest] =
            [
                new("numberOfTrees", 100, 1, 2000, true, "Trees in the forest."),
                new("numberOfLeaves", 20, 2, 256, true, "Maximum leaves per tree."),
                new("minimumExampleCountPerLeaf", 10, 1, 1000, true, "Fewest training rows a leaf may hold."),
            ],
            [TrainerKind.LogisticRegression] =
            [
                new("l1Regularization", 0, 0, 100, false, "L1 penalty weight."),
                new("l2Regularization", 1, 0, 100, false, "L2 penalty weight."),
                new("maximumNumberOfIterations", 100, 1, 10000, true, "L-BFGS iteration limit."),
            ],
        };

    /// <summary>The trainers a training run can use (every kind but <see cref="TrainerKind.Imported"/> and <see cref="TrainerKind.Ensemble"/>).</summary>
    public static IReadOnlyList<TrainerKind> Trainable { get; } = [TrainerKind.FastTree, TrainerKind.LightGbm, TrainerKind.FastForest, TrainerKind.LogisticRegression];

    public static IReadOnlyList<TrainerOptionSpec> Options(TrainerKind trainer) =>
        Specs.TryGetValue(trainer, out var specs) ? specs : throw new ArgumentOutOfRangeException(nameof(trainer), trainer, "Unknown trainer.");

    /// <summary>Errors keyed "options.NAME" for unknown names and out-of-range or non-integer values; empty when all is well.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(TrainerKind trainer, IReadOnlyDictionary<string, double>? options)
    {
        var errors = new Dictionary<string, string[]>();
        if (options is null) return errors;
        var specs = Options(trainer);
        foreach (var (name, value) in options)
        {
            var spec = specs.FirstOrDefault(s => s.Name == name);
            var key = "options." + name;
            if (spec is null)
                errors[key] = [$"{trainer} has no option '{name}'; it accepts {string.Join(", ", specs.Select(s => s.Name))}."];
            else if (!double.IsFinite(value) || value < spec.Min || value > spec.Max)
                errors[key] = [FormattableString.Invariant($"{name} must be between {spec.Min} and {spec.Max}; got {value}.")];
            else if (spec.IsInteger && value != Math.Floor(value))
                errors[key] = [FormattableString.Invariant($"{name} must be a whole number; got {value}.")];
        }

        return errors;
    }

    /// <summary>The value of every option of <paramref name="trainer"/>: the request's where given, else the default.</summary>
    public static IReadOnlyDictionary<string, double> Resolve(TrainerKind trainer, IReadOnlyDictionary<string, double>? options) =>
        Options(trainer).ToDictionary(s => s.Name, s => options is not null && options.TryGetValue(s.Name, out var v) ? v : s.Default);
}
