using Portal.Core.Performance;
using Portal.Tests.Core.Statistics;

namespace Portal.Tests.Core.Performance;

/// <summary>
/// Expected values: tools/reference/cbpe_reference.py (scikit-learn 1.2.1 IsotonicRegression(out_of_bounds='clip'),
/// NannyML's sampling-error components and expected ROC written out in numpy), which builds the same reference split
/// (300 rows, tied probabilities) and chunk (57 rows, two outside the reference's range).
/// </summary>
public sealed class PerformanceEstimatorTests
{
    private static (double[] P, bool[] Y) ReferenceSplit()
    {
        var p = Enumerable.Range(0, 300).Select(i => Math.Round(0.02 + 0.95 * (i * 7919 % 1000) / 1000.0, 2, MidpointRounding.ToEven)).ToArray();
        var y = Enumerable.Range(0, 300).Select(i => (i * 104729 % 997) / 997.0 < Math.Pow(p[i], 1.5)).ToArray();
        return (p, y);
    }

    private static double[] Chunk()
    {
        var p = Enumerable.Range(0, 57).Select(i => (i * 613 % 1000) / 1000.0).ToArray();
        p[0] = 0.0;
        p[1] = 1.0;
        p[2] = 0.5;
        return p;
    }

    [Fact]
    public void Fit_TiedReference_EqualsScikitLearnsIsotonicThresholds()
    {
        var (p, y) = ReferenceSplit();
        Assert.Equal(119, y.Count(v => v));

        var calibration = IsotonicCalibration.Fit(p, y);

        double[] x = [0.02, 0.11, 0.12, 0.26, 0.27, 0.36, 0.37, 0.38, 0.39, 0.43, 0.44, 0.48, 0.49, 0.54, 0.55, 0.58, 0.59, 0.7, 0.71, 0.76, 0.77, 0.81, 0.82, 0.83, 0.84, 0.85, 0.86, 0.9, 0.91, 0.97];
        double[] fitted = [0.03225806451612903, 0.03225806451612903, 0.10869565217391304, 0.10869565217391304, 0.125, 0.125, 0.16666666666666666, 0.16666666666666666, 0.25, 0.25, 0.3333333333333333, 0.3333333333333333, 0.3684210526315789, 0.3684210526315789, 0.4166666666666667, 0.4166666666666667, 0.47368421052631576, 0.47368421052631576, 0.6842105263157895, 0.6842105263157895, 0.6875, 0.6875, 0.7142857142857143, 0.7142857142857143, 0.8571428571428571, 0.8571428571428571, 0.875, 0.875, 1.0, 1.0];
        Assert.Equal(x, calibration.X);
        Assert.Equal(fitted.Length, calibration.Y.Count);
        for (var k = 0; k < fitted.Length; k++) Expect.Close(fitted[k], calibration.Y[k]);
    }

    [Fact]
    public void Apply_ChunkInsideAndOutsideTheRange_InterpolatesAndClipsAsScikitLearn()
    {
        var (p, y) = ReferenceSplit();
        var calibration = IsotonicCalibration.Fit(p, y);

        double[] expected = [0.03225806451612903, 1.0, 0.3684210526315789, 0.8428571428571427, 0.3333333333333333, 0.03225806451612903, 0.47368421052631576, 0.125, 0.925, 0.3684210526315789, 0.10869565217391304, 0.6842105263157895, 0.125, 1.0, 0.4280701754385965, 0.10869565217391304, 0.6875, 0.25, 0.03225806451612903, 0.47368421052631576, 0.10869565217391304, 0.875, 0.3543859649122807, 0.03225806451612903, 0.6842105263157895, 0.125, 1.0, 0.4166666666666667, 0.10869565217391304, 0.6875, 0.25, 0.03225806451612903, 0.47368421052631576, 0.10869565217391304, 0.8571428571428571, 0.3333333333333333, 0.03225806451612903, 0.47368421052631576, 0.125, 0.9625, 0.3684210526315789, 0.10869565217391304, 0.6842105263157895, 0.125, 1.0, 0.4451754385964912, 0.10869565217391304, 0.6901785714285714, 0.25, 0.03225806451612903, 0.47368421052631576, 0.11358695652173913, 0.875, 0.36491228070175435, 0.03225806451612903, 0.6842105263157895, 0.125];
        var chunk = Chunk();
        for (var i = 0; i < chunk.Length; i++) Expect.Close(expected[i], calibration.Apply(chunk[i]));
    }

    [Fact]
    public void Fit_SamplingErrorComponents_EqualNannyMlsFormulas()
    {
        var (p, y) = ReferenceSplit();

        var reference = EstimationReference.Fit(y, p)!;

        Expect.Close(0.19289231995578981, reference.Auc.Std);
        Expect.Close(0.39666666666666667, reference.Auc.Fraction);
        Expect.Close(0.6360026054419461, reference.F1.Std);
        Expect.Close(0.5766666666666667, reference.F1.Fraction);
        Expect.Close(0.47929820192641653, reference.Precision.Std);
        Expect.Close(0.5033333333333333, reference.Precision.Fraction);
        Expect.Close(0.3881952760487764, reference.Recall.Std);
        Expect.Close(0.39666666666666667, reference.Recall.Fraction);
        Expect.Close(0.43492017147466905, reference.Accuracy.Std);
        Assert.Equal(1.0, reference.Accuracy.Fraction);
    }

    [Fact]
    public void Estimate_Chunk_EqualsTheReferenceConfusionMatrixMetricsAndBands()
    {
        var (p, y) = ReferenceSplit();
        var reference = EstimationReference.Fit(y, p)!;

        var estimate = PerformanceEstimator.Estimate(reference, Chunk())!;

        Assert.Equal(57, estimate.Predictions);
        Expect.Close(18.903117167919802, estimate.TruePositive);
        Expect.Close(9.096882832080201, estimate.FalsePositive);
        Expect.Close(24.981514049851135, estimate.TrueNegative);
        Expect.Close(4.018485950148864, estimate.FalseNegative);
        Same(0.8707308815135147, 0.7490321896543324, 0.9924295733726971, estimate.Auc!);
        Same(0.7424399865844896, 0.40964230092702836, 1.0, estimate.F1);
        Same(0.6751113274257071, 0.4066623337075896, 0.9435603211438246, estimate.Precision);
        Same(0.8246856500634038, 0.5797673594239519, 1.0, estimate.Recall);
        Same(0.7699058108380866, 0.5970860588805437, 0.9427255627956296, estimate.Accuracy);
    }

    [Fact]
    public void Fit_OneClassOrOutOfRange_IsNoReference()
    {
        Assert.Null(EstimationReference.Fit([true, true], [0.2, 0.9]));
        Assert.Null(EstimationReference.Fit([true, false], [0.2, 1.5]));
    }

    [Fact]
    public void Estimate_NoPredictions_IsNull()
    {
        var (p, y) = ReferenceSplit();
        Assert.Null(PerformanceEstimator.Estimate(EstimationReference.Fit(y, p)!, []));
    }

    [Fact]
    public void Compute_VersionWithoutReference_SaysEstimationWasNotRecorded()
    {
        var estimation = EstimatedPerformance.Compute([new Portal.Core.Predictions.PredictionOutcome(1, DateTimeOffset.UnixEpoch, 0.4, null)], null, RealizedPerformance.Day);

        Assert.Equal("unavailable: trained before estimation was recorded", estimation.Unavailable);
        Assert.Null(estimation.Total);
        Assert.Empty(estimation.Buckets);
    }

    [Fact]
    public void Compute_TwoBuckets_EstimatesEachFromItsOwnPredictions()
    {
        var (p, y) = ReferenceSplit();
        var reference = EstimationReference.Fit(y, p)!;
        var day = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var chunk = Chunk();
        var outcomes = chunk.Select((v, i) => new Portal.Core.Predictions.PredictionOutcome(1, day.AddDays(i % 2).AddHours(1), v, null)).ToList();

        var estimation = EstimatedPerformance.Compute(outcomes, reference, RealizedPerformance.Day);

        Assert.Equal(2, estimation.Buckets.Count);
        Assert.Equal(29, estimation.Buckets[day].Predictions);
        Assert.Equal(PerformanceEstimator.Estimate(reference, chunk.Where((_, i) => i % 2 == 1).ToArray())!.F1, estimation.Buckets[day.AddDays(1)].F1);
        Assert.Equal(57, estimation.Total!.Predictions);
    }

    private static void Same(double value, double lower, double upper, EstimatedMetric actual)
    {
        Expect.Close(value, actual.Value);
        Expect.Close(lower, actual.Lower);
        Expect.Close(upper, actual.Upper);
    }
}
