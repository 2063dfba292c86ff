namespace Portal.Core.Statistics;

/// <summary>
/// A reliability diagram (calibration curve) over equal-width probability bins, as scikit-learn 1.2's
/// <c>calibration_curve(y, p, n_bins, strategy='uniform')</c> bins it: edges <c>np.linspace(0, 1, n_bins + 1)</c>, a
/// probability on an edge belongs to the lower bin (<c>np.searchsorted</c>, side left). Unlike scikit-learn, empty bins
/// are kept (count 0) so that every diagram has the same x axis. The expected calibration error is the count-weighted
/// mean of |mean predicted - fraction positive| over the bins.
/// </summary>
public sealed record ReliabilityDiagram(IReadOnlyList<ReliabilityBin> Bins, double ExpectedCalibrationError, int Count)
{
    public const int DefaultBins = 10;

    /// <summary>The diagram of <paramref name="probabilities"/> against <paramref name="positive"/> (same length, values in [0, 1]).</summary>
    public static ReliabilityDiagram Of(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> positive, int bins = DefaultBins)
    {
        if (probabilities.Length != positive.Length) throw new ArgumentException("One label per probability is needed.", nameof(positive));
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        // np.linspace(0, 1, bins + 1) computes i * (1 / bins), so its 0.3 is 0.30000000000000004: the same doubles here.
        var step = 1.0 / bins;
        var counts = new int[bins];
        var sums = new double[bins];
        var hits = new int[bins];
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            if (!(p is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(probabilities), $"Probability {p} at {i} is outside [0, 1].");
            var b = Math.Min((int)(p / step), bins - 1);
            // Correct the guess to searchsorted's answer: the number of inner edges strictly below p.
            while (b > 0 && !(b * step < p)) b--;
            while (b < bins - 1 && (b + 1) * step < p) b++;
            counts[b]++;
            sums[b] += p;
            if (positive[i]) hits[b]++;
        }

        var list = new ReliabilityBin[bins];
        var ece = 0.0;
        for (var b = 0; b < bins; b++)
        {
            var upper = b == bins - 1 ? 1.0 : (b + 1) * step;
            if (counts[b] == 0)
            {
                list[b] = new ReliabilityBin(b * step, upper, 0, null, null);
                continue;
            }

            var mean = sums[b] / counts[b];
            var fraction = (double)hits[b] / counts[b];
            list[b] = new ReliabilityBin(b * step, upper, counts[b], mean, fraction);
            ece += (double)counts[b] / probabilities.Length * Math.Abs(fraction - mean);
        }

        return new ReliabilityDiagram(list, ece, probabilities.Length);
    }
}
