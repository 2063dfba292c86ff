namespace Portal.Core.Training;

/// <summary>
/// Turns a <see cref="SweepSpec"/> into candidates and checks it. A trainer named in the spec's grid gets every
/// combination of the values listed for it (an empty entry: one candidate); a trainer not in the grid gets
/// <see cref="Default"/>'s grid. Options not in the grid take the request's value when the trainer is the request's
/// trainer, else the catalogue default.
/// </summary>
public static class SweepGrid
{
    /// <summary>The grid of <c>"trainer":"auto"</c>: 13 candidates; a 5-fold sweep of credit_data takes about 21 s on one thread of this machine.</summary>
    public static IReadOnlyDictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>> Default { get; } =
        new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>
        {
            [TrainerKind.FastTree] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [100, 200], ["numberOfLeaves"] = [8, 16] },
            [TrainerKind.LightGbm] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfIterations"] = [100, 200], ["learningRate"] = [0.05, 0.1] },
            [TrainerKind.FastForest] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfLeaves"] = [20, 50] },
            [TrainerKind.LogisticRegression] = new Dictionary<string, IReadOnlyList<double>> { ["l2Regularization"] = [0.1, 1, 10] },
        };

    /// <summary>Every candidate, trainer by trainer in the spec's order, the grid's combinations in lexicographic order.</summary>
    public static IReadOnlyList<SweepCandidate> Expand(TrainingRequest request)
    {
        var spec = request.Sweep ?? throw new ArgumentException("The request has no sweep.", nameof(request));
        var candidates = new List<SweepCandidate>();
        foreach (var trainer in spec.Trainers.Distinct())
        {
            var baseOptions = TrainerCatalog.Resolve(trainer, trainer == request.Trainer ? request.Options : null);
            var grid = GridOf(spec, trainer);
            IEnumerable<Dictionary<string, double>> combos = [new Dictionary<string, double>(baseOptions, StringComparer.Ordinal)];
            foreach (var (option, values) in grid)
                combos = combos.SelectMany(c => values.Distinct().Select(v => new Dictionary<string, double>(c, StringComparer.Ordinal) { [option] = v }));
            candidates.AddRange(combos.Select(c => new SweepCandidate(trainer, c)));
        }

        return candidates;
    }

    /// <summary>How many candidates <see cref="Expand"/> would make (without making them).</summary>
    public static long Count(SweepSpec spec) =>
        spec.Trainers.Distinct().Where(TrainerCatalog.Trainable.Contains)
            .Sum(t => GridOf(spec, t).Aggregate(1L, (n, o) => n * Math.Max(1, o.Value.Distinct().Count())));

    /// <summary>Errors keyed "trainers[i]", "grid.Trainer", "grid.Trainer.option", "folds" and "grid" (too many candidates).</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(SweepSpec spec, int maxCandidates)
    {
        var errors = new Dictionary<string, string[]>();
        if (spec.Trainers.Count == 0)
            errors["trainers"] = [$"A sweep needs at least one trainer; use some of {string.Join(", ", TrainerCatalog.Trainable)}."];
        for (var i = 0; i < spec.Trainers.Count; i++)
            if (!TrainerCatalog.Trainable.Contains(spec.Trainers[i]))
                errors[$"trainers[{i}]"] = [$"'{spec.Trainers[i]}' is not a trainer; use one of {string.Join(", ", TrainerCatalog.Trainable)}."];
        if (spec.Folds is < StratifiedFolds.MinFolds or > StratifiedFolds.MaxFolds)
            errors["folds"] = [$"folds must be between {StratifiedFolds.MinFolds} and {StratifiedFolds.MaxFolds}; got {spec.Folds}."];

        foreach (var (trainer, options) in spec.Grid ?? new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>())
        {
            if (!spec.Trainers.Contains(trainer) || !TrainerCatalog.Trainable.Contains(trainer))
            {
                errors[$"grid.{trainer}"] = [$"{trainer} is not one of the sweep's trainers ({string.Join(", ", spec.Trainers)})."];
                continue;
            }

            foreach (var (option, values) in options)
            {
                var key = $"grid.{trainer}.{option}";
                if (values.Count == 0)
                {
                    errors[key] = [$"List at least one value for {option}."];
                    continue;
                }

                // The catalogue's own check, one value at a time, with the grid's field name.
                var messages = values.SelectMany(v => TrainerCatalog.Validate(trainer, new Dictionary<string, double> { [option] = v }).Values.SelectMany(m => m))
                    .Distinct().ToArray();
                if (messages.Length > 0) errors[key] = messages;
            }
        }

        var count = Count(spec);
        if (count > maxCandidates)
            errors["grid"] = [$"The sweep has {count} candidates; at most {maxCandidates} are allowed (Portal:Training:MaxSweepCandidates). Use fewer trainers or values."];
        return errors;
    }

    private static IReadOnlyDictionary<string, IReadOnlyList<double>> GridOf(SweepSpec spec, TrainerKind trainer) =>
        spec.Grid is not null && spec.Grid.TryGetValue(trainer, out var grid) ? grid
        : Default.TryGetValue(trainer, out var fallback) ? fallback
        : new Dictionary<string, IReadOnlyList<double>>();
}
