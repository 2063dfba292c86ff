using MathNet.Numerics;

namespace Portal.Core.Statistics;

/// <summary>
/// McNemar's test for two classifiers scored on the same labelled rows (a shadow rollout), as statsmodels 0.13
/// <c>statsmodels.stats.contingency_tables.mcnemar(table, exact=True)</c> (p = min(1, 2 binom.cdf(min(b, c), b + c, 0.5)))
/// and <c>mcnemar(table, exact=False, correction=True)</c> (chi-square with 1 degree of freedom of (|b - c| - 1)^2 / (b + c)).
/// The table is [[both right, champion only], [candidate only, both wrong]]; only the discordant counts b and c matter.
/// </summary>
public static class McNemarTest
{
    /// <summary>
    /// Below this many discordant rows <see cref="Test"/> uses the exact binomial form: the chi-square approximation is
    /// poor for small b + c (the usual rule of thumb, b + c &lt; 25).
    /// </summary>
    public const long ExactBelow = 25;

    /// <summary>The exact test when b + c &lt; 25, the continuity-corrected chi-square otherwise.</summary>
    public static McNemarResult Test(long championOnly, long candidateOnly) =>
        championOnly + candidateOnly < ExactBelow ? ExactTest(championOnly, candidateOnly) : ChiSquareTest(championOnly, candidateOnly);

    /// <summary>The test from the 2x2 table [[both right, champion only], [candidate only, both wrong]].</summary>
    public static McNemarResult Test(long[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.GetLength(0) != 2 || table.GetLength(1) != 2) throw new ArgumentException("The table must be 2x2.", nameof(table));
        return Test(table[0, 1], table[1, 0]);
    }

    /// <summary>The test from each row's correctness under the champion and the candidate (same rows, same order).</summary>
    public static McNemarResult Test(ReadOnlySpan<bool> championCorrect, ReadOnlySpan<bool> candidateCorrect)
    {
        if (championCorrect.Length != candidateCorrect.Length) throw new ArgumentException("Both must score the same rows.", nameof(candidateCorrect));
        long b = 0, c = 0;
        for (var i = 0; i < championCorrect.Length; i++)
        {
            if (championCorrect[i] && !candidateCorrect[i]) b++;
            else if (!championCorrect[i] && candidateCorrect[i]) c++;
        }
        return Test(b, c);
    }

    /// <summary>Exact (binomial) form: statistic min(b, c), p = min(1, 2 P(X &lt;= min(b, c))) for X ~ Bin(b + c, 1/2).</summary>
    public static McNemarResult ExactTest(long championOnly, long candidateOnly)
    {
        Validate(championOnly, candidateOnly);
        var k = Math.Min(championOnly, candidateOnly);
        var n = championOnly + candidateOnly;
        // P(X <= k) = I_{1/2}(n - k, k + 1); k = n only when n = 0 (then p = 1).
        var p = n == 0 ? 1.0 : Math.Min(1.0, 2 * SpecialFunctions.BetaRegularized(n - k, k + 1, 0.5));
        return new McNemarResult(championOnly, candidateOnly, true, k, p);
    }

    /// <summary>
    /// Chi-square form with continuity correction. b = c = 0 gives statistic 0 and p = 1 (statsmodels divides by zero there
    /// and answers p = 0: no disagreement is no evidence of a difference).
    /// </summary>
    public static McNemarResult ChiSquareTest(long championOnly, long candidateOnly)
    {
        Validate(championOnly, candidateOnly);
        var n = championOnly + candidateOnly;
        if (n == 0) return new McNemarResult(championOnly, candidateOnly, false, 0, 1);
        var d = Math.Abs(championOnly - candidateOnly) - 1.0;
        var stat = d * d / n;
        return new McNemarResult(championOnly, candidateOnly, false, stat, Statistics.ChiSquareTest.ChiSquareSf(stat, 1));
    }

    private static void Validate(long b, long c)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
    }
}
