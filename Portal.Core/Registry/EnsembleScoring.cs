using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>The arithmetic of an ensemble: weights normalised to shares, the weighted mean of probabilities, and leave-one-out contributions.</summary>
public static class EnsembleScoring
{
    /// <summary>The weights divided by their sum; every weight must be finite and above 0.</summary>
    public static double[] Normalise(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0 || weights.Any(w => !(w > 0 && double.IsFinite(w))))
            throw new ArgumentException("Weights must be finite and above 0.", nameof(weights));
        var sum = weights.Sum();
        return weights.Select(w => w / sum).ToArray();
    }

    /// <summary>Per row, Σ share_c × p_c[row] over the components whose <paramref name="include"/> is true (shares renormalised over them).</summary>
    public static double[] WeightedMean(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> weights, Func<int, bool>? include = null)
    {
        var used = Enumerable.Range(0, weights.Count).Where(c => include?.Invoke(c) ?? true).ToArray();
        var shares = Normalise(used.Select(c => weights[c]).ToArray());
        var rows = probabilities[0].Length;
        var mean = new double[rows];
        for (var k = 0; k < used.Length; k++)
        {
            var p = probabilities[used[k]];
            for (var r = 0; r < rows; r++) mean[r] += shares[k] * p[r];
        }

        return mean;
    }

    /// <summary>
    /// Each component's contribution: the ensemble's AUC minus the AUC of the weighted mean of the others
    /// (AUC as <see cref="BinaryMetrics"/> computes it); NaN when a class is missing from <paramref name="actual"/>.
    /// </summary>
    public static double[] LeaveOneOut(IReadOnlyList<bool> actual, IReadOnlyList<double[]> probabilities, IReadOnlyList<double> weights)
    {
        var full = Auc(actual, WeightedMean(probabilities, weights));
        return Enumerable.Range(0, weights.Count)
            .Select(left => full - Auc(actual, WeightedMean(probabilities, weights, c => c != left)))
            .ToArray();
    }

    public static double Auc(IReadOnlyList<bool> actual, IReadOnlyList<double> probability) =>
        BinaryMetrics.Evaluate(actual, probability, trainRows: 0).Metrics.Auc;
}
