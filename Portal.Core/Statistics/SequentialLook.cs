namespace Portal.Core.Statistics;

/// <summary>
/// One look of a mixture SPRT: the observed difference (candidate - champion) and its variance, the log of the mixture
/// likelihood ratio, the always-valid p-value (the running minimum of 1 / Lambda over all looks so far), this look's
/// always-valid confidence interval for the difference, and the decision (once made it stays made). Pass it back as
/// <c>previous</c> at the next look; persist it to resume after a restart.
/// </summary>
public sealed record SequentialLook(
    double Difference,
    double Variance,
    double LogLikelihoodRatio,
    double PValue,
    ConfidenceInterval Interval,
    SequentialDecision Decision)
{
    /// <summary>The state before the first look: p = 1, undecided.</summary>
    public static SequentialLook Start { get; } =
        new(0, double.NaN, 0, 1, ConfidenceInterval.Unbounded, SequentialDecision.Undecided);

    /// <summary>
    /// The state to continue from after a restart. Only the running p-value and the decision carry over from one look to
    /// the next, so those two are what a rollout stores (not this record: its unbounded interval and NaN variance are not
    /// JSON numbers).
    /// </summary>
    public static SequentialLook Resume(double pValue, SequentialDecision decision)
    {
        if (!(pValue >= 0 && pValue <= 1)) throw new ArgumentOutOfRangeException(nameof(pValue), "A p-value lies between 0 and 1.");
        return new SequentialLook(0, double.NaN, 0, pValue, ConfidenceInterval.Unbounded, decision);
    }
}
