using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Training;

namespace Portal.Tests.Core.Performance;

/// <summary>
/// CBPE as it was computed before the window was calibrated and sorted once (session 33: each bucket on its own, a LINQ
/// sort per bucket, <see cref="IsotonicCalibration.Apply"/> per row), kept unchanged as the reference the faster
/// <see cref="EstimatedPerformance"/> must equal to the last bit.
/// </summary>
internal static class ReferenceEstimator
{
    public static VersionEstimation Compute(IReadOnlyList<PredictionOutcome> outcomes, EstimationReference reference, TimeSpan bucket)
    {
        var buckets = outcomes.GroupBy(o => RealizedPerformance.BucketStart(o.At, bucket))
            .ToDictionary(g => g.Key, g => Estimate(reference, g.Select(o => o.Probability).ToArray())!);
        return new VersionEstimation(null, Estimate(reference, outcomes.Select(o => o.Probability).ToArray()), buckets);
    }

    private static EstimatedMetrics? Estimate(EstimationReference reference, IReadOnlyList<double> probability)
    {
        var n = probability.Count;
        if (n == 0) return null;
        var calibrated = new double[n];
        double tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < n; i++)
        {
            var c = reference.Calibration.Apply(probability[i]);
            calibrated[i] = c;
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
        var auc = ExpectedAuc(probability, calibrated);
        return new EstimatedMetrics(
            n,
            double.IsNaN(auc) ? null : EstimatedMetric.Of(auc, reference.Auc.For(n)),
            EstimatedMetric.Of(f1, reference.F1.For(n)),
            EstimatedMetric.Of(precision, reference.Precision.For(n)),
            EstimatedMetric.Of(recall, reference.Recall.For(n)),
            EstimatedMetric.Of(accuracy, reference.Accuracy.For(n)),
            tp, fp, tn, fn);
    }

    private static double ExpectedAuc(IReadOnlyList<double> probability, double[] calibrated)
    {
        var n = probability.Count;
        double positives = 0, negatives = 0;
        foreach (var c in calibrated)
        {
            positives += c;
            negatives += 1 - c;
        }

        if (positives <= 0 || negatives <= 0) return double.NaN;
        var order = Enumerable.Range(0, n).OrderByDescending(i => probability[i]).ToArray();
        double auc = 0, tp = 0, fp = 0, prevTpr = 0, prevFpr = 0;
        for (var k = 0; k < n; k++)
        {
            var i = order[k];
            tp += calibrated[i];
            fp += 1 - calibrated[i];
            if (k + 1 < n && probability[order[k + 1]] == probability[i]) continue;
            double tpr = tp / positives, fpr = fp / negatives;
            auc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            prevTpr = tpr;
            prevFpr = fpr;
        }

        return auc;
    }
}
