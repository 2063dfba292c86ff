using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

/// <summary>
/// Expected values were printed by tools/reference/metrics_reference.py (scikit-learn 1.2.1): roc_auc_score,
/// f1/accuracy/precision/recall on y_pred = (p >= 0.5) with zero_division=0, brier_score_loss and log_loss
/// (default eps, which is float64 machine epsilon in that version).
/// </summary>
public class BinaryMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Evaluate_TiesAndHalfProbability_MatchSklearn()
    {
        var metrics = Evaluate(
            [true, false, true, true, false, false, true, false, true, false],
            [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35]);

        AssertMetrics(metrics, auc: 0.68, f1: 0.7272727272727272, accuracy: 0.7, precision: 0.6666666666666666,
            recall: 0.8, brier: 0.24725000000000005, logLoss: 0.7212786989769031);
    }

    [Fact]
    public void Evaluate_TiesAndHalfProbability_KeepsTheReliabilityDiagramAndEce()
    {
        var evaluation = BinaryMetrics.Evaluate(
            [true, false, true, true, false, false, true, false, true, false],
            [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35], trainRows: 40);

        // calibration_curve's bins and ECE, printed by tools/reference/calibration_reference.py (last line).
        Assert.Equal([1, 2, 0, 1, 3, 0, 1, 0, 2, 0], evaluation.Calibration!.Bins.Select(b => b.Count));
        Assert.Equal(0.265, evaluation.Metrics.ExpectedCalibrationError!.Value, Tolerance);
    }

    [Fact]
    public void Evaluate_ImbalancedClasses_MatchSklearn()
    {
        var metrics = Evaluate(
            [false, false, false, false, false, false, false, false, false, false, true, true],
            [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.6, 0.55, 0.3]);

        AssertMetrics(metrics, auc: 0.725, f1: 0.5, accuracy: 0.8333333333333334, precision: 0.5,
            recall: 0.5, brier: 0.14708333333333332, logLoss: 0.4536849487348043);
    }

    [Fact]
    public void Evaluate_ExtremeProbabilities_ClipLikeSklearn()
    {
        var metrics = Evaluate(
            [true, false, true, false, true, false],
            [1e-17, 1e-9, 0.999999999, 1 - 1e-12, 0.75, 0.25]);

        AssertMetrics(metrics, auc: 0.4444444444444445, f1: 0.6666666666666666, accuracy: 0.6666666666666666,
            precision: 0.6666666666666666, recall: 0.6666666666666666, brier: 0.3541666666663333, logLoss: 10.708343462319013);
    }

    [Fact]
    public void Evaluate_NoPositivePredictions_ZeroPrecisionRecallF1()
    {
        var metrics = Evaluate([true, false, true, false], [0.4, 0.3, 0.49, 0.1]);

        AssertMetrics(metrics, auc: 1.0, f1: 0.0, accuracy: 0.5, precision: 0.0,
            recall: 0.0, brier: 0.180025, logLoss: 0.5229190198370447);
    }

    [Fact]
    public void Evaluate_HalfProbability_IsPredictedPositive()
    {
        var evaluation = BinaryMetrics.Evaluate([true, false], [0.5, 0.5], trainRows: 10);

        Assert.Equal(new ConfusionMatrix(TruePositive: 1, FalsePositive: 1, TrueNegative: 0, FalseNegative: 0), evaluation.Confusion);
        Assert.Equal(0.5, evaluation.Metrics.Auc);
        Assert.Equal(2, evaluation.Metrics.TestRows);
        Assert.Equal(10, evaluation.Metrics.TrainRows);
    }

    [Fact]
    public void Evaluate_Ties_RocCurveHasOnePointPerThreshold()
    {
        var evaluation = BinaryMetrics.Evaluate(
            [true, false, true, true, false, false, true, false, true, false],
            [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35],
            trainRows: 0);

        // sklearn's roc_curve(drop_intermediate=False) gives these thresholds, except that 1.2.1 writes max + 1
        // (1.9) for the first point where BinaryMetrics and newer sklearn write +inf.
        Assert.Equal([double.PositiveInfinity, 0.9, 0.7, 0.5, 0.35, 0.2, 0.1], evaluation.Roc.Select(p => p.Threshold));
        Assert.Equal((1.0, 1.0), (evaluation.Roc[^1].Fpr, evaluation.Roc[^1].Tpr));
    }

    [Fact]
    public void Evaluate_OneClassOnly_AucIsNaN()
    {
        var evaluation = BinaryMetrics.Evaluate([true, true], [0.2, 0.8], trainRows: 0);

        Assert.True(double.IsNaN(evaluation.Metrics.Auc));
        Assert.Empty(evaluation.Roc);
    }

    [Fact]
    public void Evaluate_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Evaluate([true], [0.1, 0.2], trainRows: 0));
    }

    private static ModelMetrics Evaluate(bool[] actual, double[] probability) =>
        BinaryMetrics.Evaluate(actual, probability, trainRows: 0).Metrics;

    private static void AssertMetrics(
        ModelMetrics metrics, double auc, double f1, double accuracy, double precision, double recall, double brier, double logLoss)
    {
        Assert.Equal(auc, metrics.Auc, Tolerance);
        Assert.Equal(f1, metrics.F1, Tolerance);
        Assert.Equal(accuracy, metrics.Accuracy, Tolerance);
        Assert.Equal(precision, metrics.Precision, Tolerance);
        Assert.Equal(recall, metrics.Recall, Tolerance);
        Assert.Equal(brier, metrics.Brier, Tolerance);
        Assert.Equal(logLoss, metrics.LogLoss, Tolerance);
    }
}
