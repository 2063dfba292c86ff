using Portal.Core.Performance;
using Portal.Core.Statistics;

namespace Portal.Core.Training;

/// <summary>
/// Binary-classification metrics as scikit-learn defines them: roc_auc_score (ties averaged), f1/precision/recall
/// with zero_division=0, accuracy, brier_score_loss, log_loss (probabilities clipped to [eps, 1-eps] with eps the
/// float64 machine epsilon, as scikit-learn's default eps="auto" does since 1.2).
/// A row is predicted positive when its probability is at least <see cref="Threshold"/>.
/// </summary>
public static class BinaryMetrics
{
    public const double Threshold = 0.5;
    /// <summary>float64 machine epsilon (np.finfo(float).eps), not <see cref="double.Epsilon"/>, the smallest subnormal.</summary>
    private const double Epsilon = 2.220446049250313e-16;
    private const int MaxRocPoints = 200;

    public static Evaluation Evaluate(IReadOnlyList<bool> actual, IReadOnlyList<double> probability, int trainRows)
    {
        if (actual.Count != probability.Count) throw new ArgumentException("One probability per row is needed.", nameof(probability));
        var n = actual.Count;
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double brier = 0, logLoss = 0;
        for (var i = 0; i < n; i++)
        {
            var p = probability[i];
            var y = actual[i];
            var predicted = p >= Threshold;
            if (predicted && y) tp++;
            else if (predicted) fp++;
            else if (y) fn++;
            else tn++;
            var target = y ? 1.0 : 0.0;
            brier += (p - target) * (p - target);
            var clipped = Math.Clamp(p, Epsilon, 1 - Epsilon);
            logLoss -= y ? Math.Log(clipped) : Math.Log(1 - clipped);
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        var (auc, roc) = RocCurve(actual, probability);
        // A model that emits a probability outside [0, 1] (an imported one can) gets no diagram rather than a failed evaluation.
        var calibration = probability.All(p => p is >= 0 and <= 1) ? ReliabilityDiagram.Of(probability.ToArray(), actual.ToArray()) : null;
        var metrics = new ModelMetrics(
            Auc: auc,
            F1: f1,
            Accuracy: n == 0 ? 0 : (double)(tp + tn) / n,
            Precision: precision,
            Recall: recall,
            Brier: n == 0 ? 0 : brier / n,
            LogLoss: n == 0 ? 0 : logLoss / n,
            TestRows: n,
            TrainRows: trainRows) { ExpectedCalibrationError = calibration?.ExpectedCalibrationError };
        return new Evaluation(metrics, roc, new ConfusionMatrix(tp, fp, tn, fn)) { Calibration = calibration, Estimation = EstimationReference.Fit(actual, probability) };
    }

    /// <summary>roc_auc_score alone (NaN when one class is missing): what a cross-validation fold is scored by.</summary>
    public static double Auc(IReadOnlyList<bool> actual, IReadOnlyList<double> probability)
    {
        if (actual.Count != probability.Count) throw new ArgumentException("One probability per row is needed.", nameof(probability));
        return RocCurve(actual, probability).Auc;
    }

    /// <summary>AUC by the trapezoid over distinct thresholds (exactly roc_auc_score with ties), and the curve thinned for charts.</summary>
    private static (double Auc, IReadOnlyList<RocPoint> Roc) RocCurve(IReadOnlyList<bool> actual, IReadOnlyList<double> probability)
    {
        var n = actual.Count;
        var positives = actual.Count(a => a);
        if (positives == 0 || positives == n) return (double.NaN, []);
        var scores = probability as double[] ?? probability.ToArray();
        var labels = actual as bool[] ?? actual.ToArray();
        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        var auc = AucWalk(labels, scores, ScoreOrder.Descending(scores), positives, points);
        return (auc, Thin(points));
    }

    /// <summary>
    /// The metrics realized performance reports of the rows <paramref name="rows"/> (indices into the columns, in their
    /// order) and <paramref name="descending"/> (the same rows, highest probability first, ties in row order:
    /// <see cref="ScoreOrder"/>): the same values as <see cref="Evaluate"/>'s, without its curve, calibration and
    /// estimation reference, which realized performance does not show (and which cost more than the metrics).
    /// </summary>
    public static (double Auc, double F1, double Accuracy, double Precision, double Recall, double Brier) Realized(
        ReadOnlySpan<bool> actual, ReadOnlySpan<double> probability, ReadOnlySpan<int> rows, ReadOnlySpan<int> descending)
    {
        var n = rows.Length;
        int tp = 0, fp = 0, tn = 0, fn = 0;
        double brier = 0;
        foreach (var i in rows)
        {
            var p = probability[i];
            var y = actual[i];
            var predicted = p >= Threshold;
            if (predicted && y) tp++;
            else if (predicted) fp++;
            else if (y) fn++;
            else tn++;
            var target = y ? 1.0 : 0.0;
            brier += (p - target) * (p - target);
        }

        var positives = tp + fn;
        var auc = positives == 0 || positives == n ? double.NaN : AucWalk(actual, probability, descending, positives, null);
        return (auc,
            2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn),
            n == 0 ? 0 : (double)(tp + tn) / n,
            tp + fp == 0 ? 0 : (double)tp / (tp + fp),
            tp + fn == 0 ? 0 : (double)tp / (tp + fn),
            n == 0 ? 0 : brier / n);
    }

    /// <summary>
    /// The trapezoid under the ROC curve of the rows in <paramref name="descending"/> (highest probability first), a point
    /// closed after the last row sharing a probability; the points are added to <paramref name="points"/> when given.
    /// </summary>
    private static double AucWalk(ReadOnlySpan<bool> actual, ReadOnlySpan<double> probability, ReadOnlySpan<int> descending, int positives, List<RocPoint>? points)
    {
        var n = descending.Length;
        var negatives = n - positives;
        double auc = 0, tp = 0, fp = 0, prevTpr = 0, prevFpr = 0;
        for (var k = 0; k < n; k++)
        {
            var i = descending[k];
            if (actual[i]) tp++; else fp++;
            // Close a threshold only after the last row sharing this probability.
            if (k + 1 < n && probability[descending[k + 1]] == probability[i]) continue;
            double tpr = tp / positives, fpr = fp / negatives;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            points?.Add(new RocPoint(fpr, tpr, probability[i]));
            prevTpr = tpr;
            prevFpr = fpr;
        }

        return auc;
    }

    private static IReadOnlyList<RocPoint> Thin(List<RocPoint> points)
    {
        if (points.Count <= MaxRocPoints) return points;
        var step = (double)(points.Count - 1) / (MaxRocPoints - 1);
        return Enumerable.Range(0, MaxRocPoints).Select(k => points[(int)Math.Round(k * step)]).ToArray();
    }
}
