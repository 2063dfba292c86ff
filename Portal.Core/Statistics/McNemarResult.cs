namespace Portal.Core.Statistics;

/// <summary>
/// McNemar's test on paired correct/incorrect: <see cref="ChampionOnly"/> rows only the champion got right (b),
/// <see cref="CandidateOnly"/> rows only the candidate got right (c). <see cref="Exact"/> says which form was used:
/// the binomial test (statistic = min(b, c)) or chi-square with continuity correction (statistic (|b - c| - 1)^2 / (b + c)).
/// </summary>
public sealed record McNemarResult(long ChampionOnly, long CandidateOnly, bool Exact, double Statistic, double PValue)
{
    /// <summary>Rows on which the two disagree (b + c): the only rows that carry evidence.</summary>
    public long Discordant => ChampionOnly + CandidateOnly;

    /// <summary>The test's name as shown with its result.</summary>
    public string Method => Exact ? "McNemar exact (binomial)" : "McNemar chi-square (continuity corrected)";
}
