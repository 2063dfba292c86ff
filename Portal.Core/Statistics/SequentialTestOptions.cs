namespace Portal.Core.Statistics;

/// <summary>
/// Settings of a mixture sequential probability ratio test. <paramref name="Tau"/> is the standard deviation of the normal
/// mixture over the true difference (the mixing variance is tau^2): pick it near the smallest difference that matters
/// (e.g. 0.05 for a 5-point change of a rate, a few ms for latency); the test stays valid for any tau, only its speed
/// depends on it. <paramref name="HigherIsBetter"/> says which direction favours the candidate (false for error rate,
/// Brier score, latency).
/// </summary>
public sealed record SequentialTestOptions(double Tau, double Alpha = 0.05, bool HigherIsBetter = true)
{
    /// <summary>Throws when tau or alpha is out of range.</summary>
    public void Validate()
    {
        if (!(Tau > 0) || double.IsInfinity(Tau)) throw new ArgumentOutOfRangeException(nameof(Tau), "Tau must be positive and finite.");
        if (!(Alpha > 0 && Alpha < 1)) throw new ArgumentOutOfRangeException(nameof(Alpha), "Alpha must be between 0 and 1.");
    }
}
