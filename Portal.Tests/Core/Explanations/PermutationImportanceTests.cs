using Portal.Core.Explanations;

namespace Portal.Tests.Core.Explanations;

/// <summary>
/// Expected values were printed by tools/reference/permutation_importance_reference.py: scikit-learn 1.2.1's
/// permutation_importance(est, X, y, scoring='roc_auc', n_repeats=5, random_state=42) on an estimator whose
/// predict_proba is the fixed logistic formula below, with the permutations its RandomState drew (replayed and checked
/// there against scikit-learn's own result).
/// </summary>
public class PermutationImportanceTests
{
    private const double Tolerance = 1e-9;

    private static readonly double[] Weights = [1.5, -2.0, 0.75, 0.0];
    private const double Bias = -0.25;

    private static readonly bool[] Labels =
    [
        true, true, false, true, true, true, false, false, true, false, true, true, false, true, false, true, false, false, false, false,
        true, true, false, true, false, true, false, false, false, false, false, true, false, true, false, true, false, true, true, false,
    ];

    private static readonly int[][] SklearnPermutations =
    [
        [11, 5, 33, 1, 15, 14, 37, 21, 25, 3, 26, 0, 8, 16, 23, 29, 36, 22, 38, 39, 31, 30, 17, 4, 13, 6, 20, 35, 34, 32, 18, 19, 24, 7, 28, 9, 2, 12, 10, 27],
        [38, 26, 1, 6, 7, 37, 24, 10, 5, 27, 25, 31, 8, 14, 13, 30, 32, 22, 39, 23, 19, 34, 35, 11, 21, 20, 4, 15, 16, 28, 3, 29, 12, 9, 17, 33, 0, 18, 2, 36],
        [6, 25, 20, 3, 1, 22, 33, 13, 5, 17, 12, 7, 8, 32, 36, 27, 37, 16, 15, 14, 11, 2, 39, 28, 29, 38, 34, 10, 35, 30, 31, 23, 24, 19, 0, 18, 21, 26, 9, 4],
        [37, 7, 24, 1, 29, 21, 5, 10, 39, 16, 36, 0, 22, 14, 25, 30, 17, 4, 23, 33, 32, 38, 3, 6, 19, 15, 27, 13, 18, 20, 34, 28, 2, 12, 35, 26, 9, 11, 8, 31],
        [36, 29, 7, 10, 39, 34, 27, 23, 30, 5, 0, 16, 1, 33, 20, 14, 15, 3, 9, 31, 6, 4, 28, 26, 21, 17, 24, 13, 37, 19, 18, 22, 32, 35, 25, 8, 2, 12, 38, 11],
    ];

    /// <summary>The reference script's rows: four deterministic columns, the third a small integer (0, 1, 2) so that scores tie.</summary>
    private static double[][] Rows() => Enumerable.Range(0, 40).Select(i => new[]
    {
        (i * 37 % 41) / 41.0 * 2 - 1,
        (i * 13 % 17) / 17.0,
        (double)(i % 3),
        (i * 29 % 23) / 23.0,
    }).ToArray();

    private static Func<int, int[]?, double[]> Formula(double[][] x) => (feature, permutation) => x.Select((row, i) =>
    {
        var z = Bias;
        for (var j = 0; j < row.Length; j++) z += Weights[j] * (j == feature ? x[permutation![i]][j] : row[j]);
        return 1.0 / (1.0 + Math.Exp(-z));
    }).ToArray();

    [Fact]
    public void Compute_SklearnPermutations_EqualsPermutationImportance()
    {
        var result = PermutationImportance.Compute(["a", "b", "c", "d"], Labels, SklearnPermutations, Formula(Rows()));

        Assert.NotNull(result);
        Assert.Equal(0.6466165413533835, result.BaselineAuc, Tolerance);
        Assert.Equal(5, result.Repeats);
        Assert.Null(result.Seed);
        Assert.Equal(40, result.Rows);
        double[] means = [0.08571428571428576, 0.0441102756892231, 0.00651629072681712, 0.0];
        double[] stds = [0.05589365777317857, 0.01970887543993732, 0.024226658593673345, 0.0];
        Assert.Equal(["a", "b", "c", "d"], result.Features.Select(f => f.Feature));
        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(means[j], result.Features[j].Mean, Tolerance);
            Assert.Equal(stds[j], result.Features[j].Std, Tolerance);
        }

        Assert.Equal(["a", "b", "c", "d"], result.Ranked().Select(f => f.Feature));
    }

    [Fact]
    public void Compute_Seeded_DrawsTheSamePermutationsForTheSameSeed()
    {
        var x = Rows();
        var first = PermutationImportance.Compute(["a", "b", "c", "d"], Labels, Formula(x), repeats: 3, seed: 7);
        var again = PermutationImportance.Compute(["a", "b", "c", "d"], Labels, Formula(x), repeats: 3, seed: 7);

        Assert.NotNull(first);
        Assert.Equal(7, first.Seed);
        Assert.Equal(3, first.Repeats);
        Assert.Equal(first.Features, again!.Features);
        // The feature with weight 0 never moves the score.
        Assert.Equal(new FeatureImportance("d", 0, 0), first.Features[3]);
    }

    [Fact]
    public void Permutations_AreSeededPermutationsOfTheRows()
    {
        var permutations = PermutationImportance.Permutations(50, 4, 3);

        Assert.Equal(4, permutations.Count);
        Assert.All(permutations, p => Assert.Equal(Enumerable.Range(0, 50), p.Order()));
        Assert.NotEqual(permutations[0], permutations[1]);
        Assert.Equal(permutations[2], PermutationImportance.Permutations(50, 4, 3)[2]);
    }

    [Fact]
    public void Compute_OneClass_IsNull()
    {
        var result = PermutationImportance.Compute(["a"], [true, true, true], (_, _) => [0.1, 0.5, 0.9]);

        Assert.Null(result);
    }

    [Fact]
    public void Compute_PermutationOfTheWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => PermutationImportance.Compute(["a"], [true, false], [[0]], (_, _) => [0.1, 0.9]));
    }
}
