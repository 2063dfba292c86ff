using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// Expected values were printed by tools/reference/threshold_reference.py (scikit-learn 1.2.1): confusion_matrix,
/// precision/recall/F1 (zero_division=0) and accuracy on y_pred = (p >= t); precision_recall_curve and
/// average_precision_score. The arithmetic starts from what a version stores: BinaryMetrics' ROC points and matrix at 0.5.
/// </summary>
public class ThresholdMetricsTests
{
    private const double Tolerance = 1e-12;

    private static readonly bool[] TiesActual = [true, false, true, true, false, false, true, false, true, false];
    private static readonly double[] TiesScores = [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35];
    private static readonly bool[] ImbalancedActual = [false, false, false, false, false, false, false, false, false, false, true, true];
    private static readonly double[] ImbalancedScores = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.6, 0.55, 0.3];

    [Theory]
    [InlineData(0.0, 5, 5, 0, 0, 0.5, 1.0, 0.6666666666666666, 0.5)]
    [InlineData(0.15, 5, 4, 1, 0, 0.5555555555555556, 1.0, 0.7142857142857143, 0.6)]
    [InlineData(0.3, 4, 3, 2, 1, 0.5714285714285714, 0.8, 0.6666666666666666, 0.6)]
    [InlineData(0.42, 4, 2, 3, 1, 0.6666666666666666, 0.8, 0.7272727272727272, 0.7)]
    [InlineData(0.5, 4, 2, 3, 1, 0.6666666666666666, 0.8, 0.7272727272727272, 0.7)]
    [InlineData(0.7, 2, 1, 4, 3, 0.6666666666666666, 0.4, 0.5, 0.6)]
    [InlineData(0.95, 0, 0, 5, 5, 0.0, 0.0, 0.0, 0.5)]
    public void At_Ties_MatchesSklearn(double t, int tp, int fp, int tn, int fn, double precision, double recall, double f1, double accuracy) =>
        AssertAt(From(TiesActual, TiesScores).At(t), tp, fp, tn, fn, precision, recall, f1, accuracy);

    [Theory]
    [InlineData(0.0, 2, 10, 0, 0, 0.16666666666666666, 1.0, 0.2857142857142857, 0.16666666666666666)]
    [InlineData(0.15, 2, 8, 2, 0, 0.2, 1.0, 0.33333333333333337, 0.3333333333333333)]
    [InlineData(0.3, 2, 5, 5, 0, 0.2857142857142857, 1.0, 0.4444444444444445, 0.5833333333333334)]
    [InlineData(0.42, 1, 2, 8, 1, 0.3333333333333333, 0.5, 0.4, 0.75)]
    [InlineData(0.5, 1, 1, 9, 1, 0.5, 0.5, 0.5, 0.8333333333333334)]
    [InlineData(0.7, 0, 0, 10, 2, 0.0, 0.0, 0.0, 0.8333333333333334)]
    [InlineData(0.95, 0, 0, 10, 2, 0.0, 0.0, 0.0, 0.8333333333333334)]
    public void At_Imbalanced_MatchesSklearn(double t, int tp, int fp, int tn, int fn, double precision, double recall, double f1, double accuracy) =>
        AssertAt(From(ImbalancedActual, ImbalancedScores).At(t), tp, fp, tn, fn, precision, recall, f1, accuracy);

    [Fact]
    public void At_DefaultThreshold_EqualsStoredMatrix()
    {
        var evaluation = BinaryMetrics.Evaluate(TiesActual, TiesScores, 0);

        Assert.Equal(evaluation.Confusion, ThresholdMetrics.From(evaluation)!.At(BinaryMetrics.Threshold).Confusion);
    }

    [Fact]
    public void PrecisionRecallCurve_Ties_MatchesSklearn()
    {
        var metrics = From(TiesActual, TiesScores);

        AssertCurve(metrics.PrecisionRecallCurve(),
            precision: [0.5, 0.5555555555555556, 0.5714285714285714, 0.6666666666666666, 0.6666666666666666, 0.5, 1.0],
            recall: [1.0, 1.0, 0.8, 0.8, 0.4, 0.2, 0.0],
            thresholds: [0.1, 0.2, 0.35, 0.5, 0.7, 0.9]);
        Assert.Equal(0.611111111111111, metrics.AveragePrecision(), Tolerance);
    }

    [Fact]
    public void PrecisionRecallCurve_Imbalanced_MatchesSklearn()
    {
        var metrics = From(ImbalancedActual, ImbalancedScores);

        AssertCurve(metrics.PrecisionRecallCurve(),
            precision: [0.16666666666666666, 0.18181818181818182, 0.2, 0.2222222222222222, 0.25, 0.2857142857142857, 0.2, 0.25, 0.3333333333333333, 0.5, 0.0, 1.0],
            recall: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.0, 0.0],
            thresholds: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.55, 0.6]);
        Assert.Equal(0.39285714285714285, metrics.AveragePrecision(), Tolerance);
    }

    [Fact]
    public void From_SingleClassTestSplit_IsNotAvailable()
    {
        var evaluation = BinaryMetrics.Evaluate([true, true, true], [0.2, 0.6, 0.9], 0);

        Assert.Null(ThresholdMetrics.From(evaluation));
    }

    private static ThresholdMetrics From(bool[] actual, double[] scores) =>
        ThresholdMetrics.From(BinaryMetrics.Evaluate(actual, scores, 0))!;

    private static void AssertAt(ThresholdResult result, int tp, int fp, int tn, int fn, double precision, double recall, double f1, double accuracy)
    {
        Assert.Equal(new ConfusionMatrix(tp, fp, tn, fn), result.Confusion);
        Assert.Equal(precision, result.Precision, Tolerance);
        Assert.Equal(recall, result.Recall, Tolerance);
        Assert.Equal(f1, result.F1, Tolerance);
        Assert.Equal(accuracy, result.Accuracy, Tolerance);
    }

    private static void AssertCurve(IReadOnlyList<PrecisionRecallPoint> curve, double[] precision, double[] recall, double[] thresholds)
    {
        Assert.Equal(precision.Length, curve.Count);
        for (var i = 0; i < curve.Count; i++)
        {
            Assert.Equal(precision[i], curve[i].Precision, Tolerance);
            Assert.Equal(recall[i], curve[i].Recall, Tolerance);
        }

        // The closing point (recall 0, precision 1) has no threshold in scikit-learn; here it is +∞.
        Assert.Equal(thresholds, curve.Take(curve.Count - 1).Select(p => p.Threshold));
        Assert.True(double.IsPositiveInfinity(curve[^1].Threshold));
    }
}
