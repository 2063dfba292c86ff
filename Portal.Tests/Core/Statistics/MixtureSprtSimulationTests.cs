using Portal.Core.Statistics;
using Xunit.Abstractions;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// The mSPRT must stay valid when it is looked at again and again. Simulated experiments with a fixed seed: rows are
/// assigned 50/50 at random, each arm's rows err at a given rate, and the test is looked at after every 50 rows up to
/// 5,000 (100 looks). The same looks through a fixed-horizon two-proportion z-test show that the simulation catches
/// an invalid test (peeking at p &lt; 0.05 rejects far more often than 5% under A/A).
/// </summary>
public sealed class MixtureSprtSimulationTests(ITestOutputHelper output)
{
    private const int Rows = 5_000;
    private const int LookEvery = 50;
    private const double Alpha = 0.05;

    /// <summary>Runs <paramref name="experiments"/> experiments; counts those the mSPRT decided each way and those a peeking z-test rejected.</summary>
    private static (int Better, int Worse, int PeekingRejected) Simulate(int seed, int experiments, double championRate, double candidateRate)
    {
        var rng = new Random(seed);
        var options = new SequentialTestOptions(Tau: 0.05, Alpha: Alpha, HigherIsBetter: false);
        int better = 0, worse = 0, peeking = 0;
        for (var e = 0; e < experiments; e++)
        {
            long na = 0, sa = 0, nb = 0, sb = 0;
            SequentialLook? look = null;
            var peeked = false;
            for (var row = 1; row <= Rows; row++)
            {
                // One draw per row: u < 0.5 picks the candidate, and 2u (or 2u - 1) is again uniform for the outcome.
                var u = rng.NextDouble();
                if (u < 0.5)
                {
                    nb++;
                    if (2 * u < candidateRate) sb++;
                }
                else
                {
                    na++;
                    if (2 * u - 1 < championRate) sa++;
                }
                if (row % LookEvery != 0 || na == 0 || nb == 0) continue;
                look = MixtureSprt.Rates(sa, na, sb, nb, options, look);
                if (sa + sb > 0 && sa + sb < na + nb && ProportionsZTest.Test(sa, na, sb, nb).PValue < Alpha) peeked = true;
            }
            if (look?.Decision == SequentialDecision.CandidateBetter) better++;
            if (look?.Decision == SequentialDecision.CandidateWorse) worse++;
            if (peeked) peeking++;
        }
        return (better, worse, peeking);
    }

    [Fact]
    public void Rates_AaExperimentsLookedAt100Times_FalseRejectionsStayUnderAlpha()
    {
        const int experiments = 2_000;

        var (better, worse, peeking) = Simulate(seed: 2026, experiments, 0.20, 0.20);

        // Always valid: at most alpha, plus 0.015 (three standard errors of a 5% rate over 2,000 experiments).
        var falseRejections = (better + worse) / (double)experiments;
        Assert.True(falseRejections <= Alpha + 0.015, $"mSPRT rejected {better + worse} of {experiments} A/A experiments ({falseRejections:P1})");
        // The simulation can see invalidity: a fixed-horizon z-test re-checked at every look rejects several times alpha.
        var peekingRate = peeking / (double)experiments;
        output.WriteLine($"A/A: mSPRT rejected {falseRejections:P2} ({better} better, {worse} worse), peeking z-test {peekingRate:P2}");
        Assert.True(peekingRate >= 3 * Alpha, $"peeking z-test rejected only {peekingRate:P1}");
    }

    [Fact]
    public void Rates_FivePointsWorseErrorRate_DetectedInMostExperiments()
    {
        const int experiments = 500;

        var (better, worse, _) = Simulate(seed: 14, experiments, 0.20, 0.25);

        output.WriteLine($"0.20 vs 0.25: mSPRT found worse in {worse} of {experiments}, better in {better}");
        Assert.True(worse >= 0.8 * experiments, $"mSPRT found the worse candidate in only {worse} of {experiments} experiments");
        Assert.True(better <= 0.01 * experiments, $"mSPRT called the worse candidate better {better} times");
    }
}
