namespace Portal.Core.Training;

/// <summary>A confusion matrix at one decision threshold and the label metrics it gives (scikit-learn definitions, zero_division=0).</summary>
public sealed record ThresholdResult(double Threshold, ConfusionMatrix Confusion, double Precision, double Recall, double F1, double Accuracy);

/// <summary>One point of a precision-recall curve, as scikit-learn's precision_recall_curve gives it.</summary>
public sealed record PrecisionRecallPoint(double Recall, double Precision, double Threshold);

/// <summary>
/// The confusion matrix at any decision threshold, derived from what a version stores: the ROC points (each with the
/// smallest probability it predicts positive) and the positive/negative counts of the test split (from the matrix at 0.5).
/// Rows with probability &gt;= t are predicted positive, so the matrix at t is the one of the ROC point with the smallest
/// stored threshold &gt;= t: TP = TPR·P, FP = FPR·N. Exact unless the curve was thinned (more than 200 distinct scores),
/// in which case it is the nearest stored point at or above t.
/// </summary>
public sealed class ThresholdMetrics
{
    private readonly IReadOnlyList<RocPoint> _roc;

    private ThresholdMetrics(IReadOnlyList<RocPoint> roc, int positives, int negatives)
    {
        _roc = roc;
        Positives = positives;
        Negatives = negatives;
    }

    public int Positives { get; }
    public int Negatives { get; }

    /// <summary>Null when the version has no ROC curve (single-class test split or nothing stored).</summary>
    public static ThresholdMetrics? From(Evaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var c = evaluation.Confusion;
        var positives = c.TruePositive + c.FalseNegative;
        var negatives = c.FalsePositive + c.TrueNegative;
        if (evaluation.Roc.Count == 0 || positives == 0 || negatives == 0) return null;
        // Highest threshold first, as BinaryMetrics stores them; sorting again keeps older or imported curves safe.
        var roc = evaluation.Roc.OrderByDescending(p => p.Threshold).ThenBy(p => p.Tpr).ToArray();
        return new ThresholdMetrics(roc, positives, negatives);
    }

    public ThresholdResult At(double threshold)
    {
        var point = _roc[0];
        foreach (var p in _roc)
        {
            if (p.Threshold >= threshold) point = p;
            else break;
        }

        var tp = (int)Math.Round(point.Tpr * Positives);
        var fp = (int)Math.Round(point.Fpr * Negatives);
        return Result(threshold, tp, fp);
    }

    private ThresholdResult Result(double threshold, int tp, int fp)
    {
        var fn = Positives - tp;
        var tn = Negatives - fp;
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = (double)tp / Positives;
        var f1 = 2 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2 * tp + fp + fn);
        var accuracy = (double)(tp + tn) / (Positives + Negatives);
        return new ThresholdResult(threshold, new ConfusionMatrix(tp, fp, tn, fn), precision, recall, f1, accuracy);
    }

    /// <summary>
    /// The precision-recall curve as precision_recall_curve returns it (thresholds increasing, then the closing
    /// point recall 0, precision 1, here with threshold +∞), without points where nothing is predicted positive.
    /// </summary>
    public IReadOnlyList<PrecisionRecallPoint> PrecisionRecallCurve()
    {
        var points = new List<PrecisionRecallPoint>();
        for (var k = _roc.Count - 1; k >= 0; k--)
        {
            var p = _roc[k];
            var tp = (int)Math.Round(p.Tpr * Positives);
            var fp = (int)Math.Round(p.Fpr * Negatives);
            if (tp + fp == 0) continue;
            points.Add(new PrecisionRecallPoint((double)tp / Positives, (double)tp / (tp + fp), p.Threshold));
        }

        // Since scikit-learn 1.1 every threshold is kept (earlier versions cut the curve at full recall).
        points.Add(new PrecisionRecallPoint(0, 1, double.PositiveInfinity));
        return points;
    }

    /// <summary>average_precision_score: Σ (Rₙ − Rₙ₋₁) Pₙ over the PR curve (step-wise, no interpolation).</summary>
    public double AveragePrecision()
    {
        var curve = PrecisionRecallCurve();
        double ap = 0;
        for (var i = 0; i < curve.Count - 1; i++)
            ap += (curve[i].Recall - curve[i + 1].Recall) * curve[i].Precision;
        return ap;
    }
}
