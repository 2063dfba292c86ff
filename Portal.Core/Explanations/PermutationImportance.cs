using Portal.Core.Training;

namespace Portal.Core.Explanations;

/// <summary>
/// Permutation importance as scikit-learn 1.2's <c>permutation_importance(est, X, y, scoring='roc_auc')</c> computes it:
/// for each feature and each repeat, the baseline AUC minus the AUC with that feature's column taken from the rows of a
/// permutation (every feature sees the same permutations, as in scikit-learn, which seeds each column alike); the mean
/// and population standard deviation of the drops. A categorical feature is one column here (its one-hot slots are
/// made inside the model), so it is permuted as a whole.
/// </summary>
public static class PermutationImportance
{
    public const int DefaultRepeats = 5;

    /// <summary>
    /// Draws <paramref name="repeats"/> permutations of the rows from <paramref name="seed"/> and computes the importances.
    /// <paramref name="score"/>(feature, permutation) gives each row's positive probability with the column of feature
    /// <c>feature</c> replaced by row <c>permutation[i]</c>'s value; with feature -1 (permutation null), the rows as they are.
    /// Null when the labels hold one class only (no AUC).
    /// </summary>
    public static PermutationImportanceResult? Compute(IReadOnlyList<string> features, IReadOnlyList<bool> labels,
        Func<int, int[]?, double[]> score, int repeats = DefaultRepeats, int seed = 0, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var result = Compute(features, labels, Permutations(labels.Count, repeats, seed), score, ct);
        return result is null ? null : result with { Seed = seed };
    }

    /// <summary>The importances over the given permutations (each a permutation of 0..rows-1); null when the labels hold one class.</summary>
    public static PermutationImportanceResult? Compute(IReadOnlyList<string> features, IReadOnlyList<bool> labels,
        IReadOnlyList<int[]> permutations, Func<int, int[]?, double[]> score, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfZero(permutations.Count);
        foreach (var p in permutations)
            if (p.Length != labels.Count) throw new ArgumentException("Each permutation needs one index per row.", nameof(permutations));
        var baseline = BinaryMetrics.Auc(labels, score(-1, null));
        if (double.IsNaN(baseline)) return null;

        var result = new FeatureImportance[features.Count];
        var drops = new double[permutations.Count];
        for (var f = 0; f < features.Count; f++)
        {
            ct.ThrowIfCancellationRequested();
            for (var r = 0; r < permutations.Count; r++)
                drops[r] = baseline - BinaryMetrics.Auc(labels, score(f, permutations[r]));
            var mean = drops.Sum() / drops.Length;
            // np.std: the square root of the mean squared deviation (ddof 0).
            var variance = drops.Sum(d => (d - mean) * (d - mean)) / drops.Length;
            result[f] = new FeatureImportance(features[f], mean, Math.Sqrt(variance));
        }

        return new PermutationImportanceResult(baseline, permutations.Count, null, labels.Count, result);
    }

    /// <summary><paramref name="repeats"/> seeded permutations of 0..rows-1 (Fisher-Yates with <see cref="Random"/>(seed)).</summary>
    public static IReadOnlyList<int[]> Permutations(int rows, int repeats, int seed)
    {
        var random = new Random(seed);
        var list = new int[repeats][];
        for (var r = 0; r < repeats; r++)
        {
            var p = Enumerable.Range(0, rows).ToArray();
            random.Shuffle(p);
            list[r] = p;
        }

        return list;
    }
}
