namespace Portal.Core.Statistics;

/// <summary>
/// Sample ratio mismatch (SRM): are the requests each arm received consistent with the configured weights? Pearson's
/// chi-square goodness of fit as <c>scipy.stats.chisquare(observed, total * weights / sum(weights))</c>, judged at the
/// conventional strict threshold p &lt; 0.001 (an SRM means the assignment or the logging is broken, so the rollout's
/// evidence cannot be trusted: it is checked at every look, hence the strict threshold).
/// </summary>
public static class SampleRatioMismatch
{
    /// <summary>The conventional SRM threshold: a split is off when p &lt; 0.001.</summary>
    public const double DefaultThreshold = 0.001;

    /// <summary>
    /// The check of <paramref name="observed"/> counts against <paramref name="weights"/> (any positive scale: 50/50,
    /// 0.95/0.05). An arm with weight 0 and no requests is left out; one with weight 0 that received requests is a
    /// mismatch (statistic infinite, p = 0). No requests at all: no mismatch (p = 1).
    /// </summary>
    public static SampleRatioResult Test(ReadOnlySpan<long> observed, ReadOnlySpan<double> weights, double threshold = DefaultThreshold)
    {
        if (observed.Length != weights.Length) throw new ArgumentException("One weight per arm is needed.", nameof(weights));
        if (observed.Length < 2) throw new ArgumentException("At least two arms are needed.", nameof(observed));
        double weightSum = 0;
        long total = 0;
        for (var i = 0; i < observed.Length; i++)
        {
            if (observed[i] < 0) throw new ArgumentOutOfRangeException(nameof(observed), "Counts cannot be negative.");
            if (!(weights[i] >= 0) || double.IsInfinity(weights[i])) throw new ArgumentOutOfRangeException(nameof(weights), "Weights must be finite and not negative.");
            weightSum += weights[i];
            total += observed[i];
        }
        if (weightSum <= 0) throw new ArgumentOutOfRangeException(nameof(weights), "At least one weight must be positive.");

        var percents = new double[weights.Length];
        for (var i = 0; i < weights.Length; i++) percents[i] = weights[i] / weightSum * 100;
        var counts = observed.ToArray();
        if (total == 0) return new SampleRatioResult(counts, percents, 0, 1, threshold, false);

        var obs = new List<double>(observed.Length);
        var exp = new List<double>(observed.Length);
        for (var i = 0; i < observed.Length; i++)
        {
            if (weights[i] == 0)
            {
                if (observed[i] > 0) return new SampleRatioResult(counts, percents, double.PositiveInfinity, 0, threshold, true);
                continue;
            }
            obs.Add(observed[i]);
            exp.Add(total * weights[i] / weightSum);
        }
        if (obs.Count < 2) return new SampleRatioResult(counts, percents, 0, 1, threshold, false);
        var test = ChiSquareTest.Test(obs.ToArray(), exp.ToArray());
        var p = test.PValue ?? double.NaN;
        return new SampleRatioResult(counts, percents, test.Statistic, p, threshold, p < threshold);
    }
}
