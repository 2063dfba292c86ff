using Portal.Core.Training;

namespace Portal.Core.Performance;

/// <summary>
/// What performance estimation (CBPE) needs from a version's test split, kept with its evaluation: the isotonic
/// calibration map and NannyML's sampling-error components of each estimated metric (<c>nannyml.sampling_error
/// .binary_classification</c>). Rows are predicted positive at <see cref="BinaryMetrics.Threshold"/>, as served.
/// </summary>
public sealed record EstimationReference(
    IsotonicCalibration Calibration,
    SamplingError Auc,
    SamplingError F1,
    SamplingError Precision,
    SamplingError Recall,
    SamplingError Accuracy)
{
    /// <summary>Null when the split cannot serve as a reference: one class only, or a probability outside [0, 1].</summary>
    public static EstimationReference? Fit(IReadOnlyList<bool> actual, IReadOnlyList<double> probability)
    {
        if (actual.Count != probability.Count) throw new ArgumentException("One probability per row is needed.", nameof(probability));
        var positives = actual.Count(a => a);
        if (positives == 0 || positives == actual.Count || probability.Any(p => !(p is >= 0 and <= 1))) return null;
        var predicted = probability.Select(p => p >= BinaryMetrics.Threshold).ToArray();
        var n = actual.Count;
        var tp = new List<double>();
        var fp = new List<double>();
        var fn = new List<double>();
        var correct = new double[n];
        for (var i = 0; i < n; i++)
        {
            if (predicted[i] && actual[i]) tp.Add(1);
            else if (predicted[i]) fp.Add(0);
            else if (actual[i]) fn.Add(0);
            correct[i] = predicted[i] == actual[i] ? 1 : 0;
        }

        // F1 rows: TP, FN, FP, scaled so that their mean is F1 (NannyML's correcting factor).
        var relevant = tp.Count + fn.Count + fp.Count;
        var factor = relevant / ((fn.Count + fp.Count) * 0.5 + tp.Count);
        var f1Rows = tp.Concat(fn).Concat(fp).Select(v => v * factor).ToArray();
        var positivePredictions = tp.Count + fp.Count;
        return new EstimationReference(
            IsotonicCalibration.Fit(probability, actual),
            AucComponents(actual, probability),
            new SamplingError(relevant == 0 ? 0 : Std(f1Rows), (double)relevant / n),
            new SamplingError(positivePredictions == 0 ? 0 : Std(tp.Concat(fp).ToArray()), (double)positivePredictions / n),
            new SamplingError(Std(tp.Concat(fn).ToArray()), (double)positives / n),
            new SamplingError(Std(correct), 1));
    }

    /// <summary>
    /// AUC as a Mann-Whitney statistic: for each row of the minority-positive class (labels and scores flipped when
    /// positives are the majority), the share of the other class ranked below it; their std and the class share.
    /// Rows are sorted stably (NannyML's np.argsort is quicksort, so its order among tied scores may differ).
    /// </summary>
    private static SamplingError AucComponents(IReadOnlyList<bool> actual, IReadOnlyList<double> probability)
    {
        var n = actual.Count;
        var flip = actual.Count(a => a) > n / 2.0;
        var y = actual.Select(a => a != flip).ToArray();
        var p = probability.Select(v => flip ? 1 - v : v).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => p[i]).ToArray();
        // np.unique(y * rank)[1:]: the ranks of the positives, except a positive ranked first (NannyML drops rank 0 as well).
        var ranks = new List<int>();
        for (var r = 1; r < n; r++)
            if (y[order[r]]) ranks.Add(r);
        var positives = y.Count(v => v);
        var negatives = n - positives;
        var shares = ranks.Select((rank, i) => (double)(rank - i) / negatives).ToArray();
        return new SamplingError(shares.Length == 0 ? 0 : Std(shares), (double)positives / n);
    }

    /// <summary>np.std: the population standard deviation (ddof 0), mean first.</summary>
    private static double Std(double[] values)
    {
        var mean = values.Sum() / values.Length;
        var squares = 0.0;
        foreach (var v in values) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / values.Length);
    }
}
