using Portal.Core.Statistics;
using Portal.Core.Training;

namespace Portal.Core.Performance;

/// <summary>
/// Confidence-based performance estimation (NannyML's CBPE): each served probability is calibrated with the version's
/// <see cref="EstimationReference"/>; a row predicted positive (served probability at least 0.5, the model's own
/// decision) adds its calibrated p to the expected true positives and 1 - p to the false positives, a row predicted
/// negative adds p to the false negatives and 1 - p to the true negatives. The expected ROC curve orders rows by served
/// probability (TPR = cumulative p / total p, FPR likewise with 1 - p; tied probabilities close one point) and its
/// trapezoid is the estimated AUC.
/// </summary>
public static class PerformanceEstimator
{
    /// <summary>Null for no predictions.</summary>
    public static EstimatedMetrics? Estimate(EstimationReference reference, IReadOnlyList<double> probability)
    {
        if (probability.Count == 0) return null;
        var scores = probability as double[] ?? probability.ToArray();
        return Estimate(reference, scores, reference.Calibration.ApplyAll(scores), Enumerable.Range(0, scores.Length).ToArray(), ScoreOrder.Descending(scores));
    }

    /// <summary>
    /// The estimate of the rows <paramref name="rows"/> (indices into the columns, in row order), given every row's
    /// calibrated probability and <paramref name="descending"/>, the same rows by served probability, highest first, ties
    /// in row order (<see cref="ScoreOrder"/>): a window's rows are calibrated and sorted once for all its buckets. Null
    /// for no rows.
    /// </summary>
    public static EstimatedMetrics? Estimate(EstimationReference reference, ReadOnlySpan<double> probability, ReadOnlySpan<double> calibrated,
        ReadOnlySpan<int> rows, ReadOnlySpan<int> descending)
    {
        var n = rows.Length;
        if (n == 0) return null;
        double tp = 0, fp = 0, fn = 0, tn = 0;
        foreach (var i in rows)
        {
            var c = calibrated[i];
            if (probability[i] >= BinaryMetrics.Threshold)
            {
                tp += c;
                fp += 1 - c;
            }
            else
            {
                fn += c;
                tn += 1 - c;
            }
        }

        var precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        var f1 = 2 * tp + fp + fn == 0 ? 0 : 2 * tp / (2 * tp + fp + fn);
        var accuracy = (tp + tn) / n;
        var auc = ExpectedAuc(probability, calibrated, rows, descending);
        return new EstimatedMetrics(
            n,
            double.IsNaN(auc) ? null : EstimatedMetric.Of(auc, reference.Auc.For(n)),
            EstimatedMetric.Of(f1, reference.F1.For(n)),
            EstimatedMetric.Of(precision, reference.Precision.For(n)),
            EstimatedMetric.Of(recall, reference.Recall.For(n)),
            EstimatedMetric.Of(accuracy, reference.Accuracy.For(n)),
            tp, fp, tn, fn);
    }

    private static double ExpectedAuc(ReadOnlySpan<double> probability, ReadOnlySpan<double> calibrated, ReadOnlySpan<int> rows, ReadOnlySpan<int> descending)
    {
        var n = descending.Length;
        double positives = 0, negatives = 0;
        foreach (var i in rows)
        {
            var c = calibrated[i];
            positives += c;
            negatives += 1 - c;
        }

        if (positives <= 0 || negatives <= 0) return double.NaN;
        double auc = 0, tp = 0, fp = 0, prevTpr = 0, prevFpr = 0;
        for (var k = 0; k < n; k++)
        {
            var i = descending[k];
            tp += calibrated[i];
            fp += 1 - calibrated[i];
            if (k + 1 < n && probability[descending[k + 1]] == probability[i]) continue;
            double tpr = tp / positives, fpr = fp / negatives;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevTpr = tpr;
            prevFpr = fpr;
        }

        return auc;
    }
}
