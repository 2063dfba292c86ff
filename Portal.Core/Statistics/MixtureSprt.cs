namespace Portal.Core.Statistics;

/// <summary>
/// Mixture sequential probability ratio test (mSPRT) for A/B and canary rollouts: valid however often it is looked at,
/// unlike a fixed-horizon p-value re-checked every minute. Johari, Koomen, Pekelis &amp; Walsh (2017), "Peeking at A/B
/// tests: why it matters, and what to do about it", KDD, and Johari, Pekelis &amp; Walsh (2022), "Always valid inference:
/// continuous monitoring of A/B tests", Operations Research 70(3). With a normal mixture N(theta0, tau^2) over the
/// difference, the two-stream normal likelihood ratio of the KDD paper,
///   Lambda_n = sqrt(2 sigma^2 / (2 sigma^2 + n tau^2)) exp(n^2 tau^2 (Ybar_n - Xbar_n - theta0)^2 / (4 sigma^2 (2 sigma^2 + n tau^2))),
/// is written with V = Var(Ybar - Xbar) (= 2 sigma^2 / n for n rows per arm), which also covers unequal arms:
///   Lambda = sqrt(V / (V + tau^2)) exp(tau^2 (d - theta0)^2 / (2 V (V + tau^2))).
/// The always-valid p-value is p_n = min(p_{n-1}, 1 / Lambda_n) and the test rejects when p_n &lt;= alpha. Inverting
/// Lambda &lt; 1 / alpha gives the always-valid interval d +- sqrt(2 V (V + tau^2) / tau^2 (ln(1 / alpha) + ln((V + tau^2) / V) / 2)).
/// theta0 = 0 here. Matches tools/reference/rollout_statistics_reference.py (the formula, no library has it).
/// </summary>
public static class MixtureSprt
{
    /// <summary>
    /// A rate per arm (error rate, predicted-positive rate, accuracy on labelled rows) from cumulative counts. V is the
    /// variance under the null, the pooled rate's p (1 - p) (1/n_champion + 1/n_candidate), as in a two-proportion z-test.
    /// </summary>
    public static SequentialLook Rates(long championSuccesses, long championTrials, long candidateSuccesses, long candidateTrials,
        SequentialTestOptions options, SequentialLook? previous = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(championSuccesses);
        ArgumentOutOfRangeException.ThrowIfNegative(candidateSuccesses);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(championSuccesses, championTrials);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(candidateSuccesses, candidateTrials);
        if (championTrials == 0 || candidateTrials == 0) return Look(0, 0, options, previous);
        double na = championTrials, nb = candidateTrials;
        var pooled = (double)(championSuccesses + candidateSuccesses) / (championTrials + candidateTrials);
        var variance = pooled * (1 - pooled) * (1.0 / na + 1.0 / nb);
        var d = candidateSuccesses / nb - championSuccesses / na;
        return Look(d, variance, options, previous);
    }

    /// <summary>
    /// A mean per arm (Brier score, latency) with a known or plug-in variance per row in each arm:
    /// V = var_champion / n_champion + var_candidate / n_candidate.
    /// </summary>
    public static SequentialLook Means(double championMean, double championVariance, long championCount,
        double candidateMean, double candidateVariance, long candidateCount, SequentialTestOptions options, SequentialLook? previous = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(championCount);
        ArgumentOutOfRangeException.ThrowIfNegative(candidateCount);
        if (!(championVariance >= 0) || !(candidateVariance >= 0)) throw new ArgumentOutOfRangeException(nameof(championVariance), "Variances cannot be negative.");
        if (championCount == 0 || candidateCount == 0) return Look(0, 0, options, previous);
        var variance = championVariance / championCount + candidateVariance / candidateCount;
        return Look(candidateMean - championMean, variance, options, previous);
    }

    /// <summary>
    /// One look from a difference d (candidate - champion) and its variance V. V = 0 (no rows, or no spread) is no
    /// evidence: Lambda = 1 and the interval is unbounded.
    /// </summary>
    public static SequentialLook Look(double difference, double variance, SequentialTestOptions options, SequentialLook? previous = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        previous ??= SequentialLook.Start;
        var tau2 = options.Tau * options.Tau;
        double logLambda;
        ConfidenceInterval interval;
        if (variance > 0 && !double.IsNaN(difference))
        {
            logLambda = LogLikelihoodRatio(difference, variance, tau2);
            var half = Math.Sqrt(2 * variance * (variance + tau2) / tau2 * (Math.Log(1 / options.Alpha) + 0.5 * Math.Log((variance + tau2) / variance)));
            interval = new ConfidenceInterval(difference - half, difference + half);
        }
        else
        {
            logLambda = 0;
            interval = ConfidenceInterval.Unbounded;
        }
        var p = Math.Min(previous.PValue, Math.Min(1.0, Math.Exp(-logLambda)));
        var decision = previous.Decision;
        if (decision == SequentialDecision.Undecided && p <= options.Alpha && difference != 0)
            decision = (difference > 0) == options.HigherIsBetter ? SequentialDecision.CandidateBetter : SequentialDecision.CandidateWorse;
        return new SequentialLook(difference, variance, logLambda, p, interval, decision);
    }

    /// <summary>
    /// The boundary ln(1 / alpha) that <see cref="SequentialLook.LogLikelihoodRatio"/> must reach for the test to reject
    /// (p = 1 / Lambda &lt;= alpha): what a chart of the statistic over time draws as its line.
    /// </summary>
    public static double Boundary(double alpha)
    {
        if (!(alpha > 0 && alpha < 1)) throw new ArgumentOutOfRangeException(nameof(alpha), "Alpha must be between 0 and 1.");
        return Math.Log(1 / alpha);
    }

    /// <summary>ln Lambda = ln(V / (V + tau^2)) / 2 + tau^2 d^2 / (2 V (V + tau^2)), in logs so that it cannot overflow.</summary>
    public static double LogLikelihoodRatio(double difference, double variance, double mixingVariance) =>
        0.5 * Math.Log(variance / (variance + mixingVariance))
        + mixingVariance * (difference * difference) / (2.0 * variance * (variance + mixingVariance));
}
