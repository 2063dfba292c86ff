using System.Globalization;

namespace Portal.Core.Statistics;

/// <summary>
/// A rollout's latency rule: the candidate's quantile (p95 by default) against the champion's, each from a sample of
/// request latencies (a reservoir; <see cref="SampleQuantile"/>, numpy.percentile). The candidate is too slow when its
/// quantile exceeds the champion's by more than the margin: candidate &gt; champion (1 + relative) + absolute ms.
/// The absolute part keeps a sub-millisecond champion from failing every candidate on noise.
/// </summary>
public sealed record LatencyComparison(double Quantile, double ChampionMs, double CandidateMs, double LimitMs, bool Exceeded)
{
    /// <summary>Compares the two samples; with an empty sample nothing is exceeded (the quantiles are NaN).</summary>
    public static LatencyComparison Compare(ReadOnlySpan<double> championMs, ReadOnlySpan<double> candidateMs,
        double quantile = 0.95, double relativeMargin = 0.2, double absoluteMarginMs = 1.0)
    {
        if (!(relativeMargin >= 0) || !(absoluteMarginMs >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeMargin), "Margins cannot be negative.");
        var champion = SampleQuantile.Of(championMs, quantile);
        var candidate = SampleQuantile.Of(candidateMs, quantile);
        var limit = champion * (1 + relativeMargin) + absoluteMarginMs;
        return new LatencyComparison(quantile, champion, candidate, limit, candidate > limit);
    }

    /// <summary>E.g. "candidate p95 15.2 ms against the champion's 11.8 ms (limit 15.2 ms)".</summary>
    public string Describe()
    {
        var inv = CultureInfo.InvariantCulture;
        var name = "p" + (Quantile * 100).ToString("0.#", inv);
        return $"candidate {name} {CandidateMs.ToString("0.0", inv)} ms against the champion's {ChampionMs.ToString("0.0", inv)} ms " +
               $"(limit {LimitMs.ToString("0.0", inv)} ms)";
    }
}
