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
}
