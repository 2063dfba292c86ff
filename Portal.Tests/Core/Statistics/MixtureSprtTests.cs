using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: the normal-mixture mSPRT formula (Johari, Koomen, Pekelis &amp; Walsh 2017) written out in
/// tools/reference/rollout_statistics_reference.py with numpy 1.24 (no library has it); each row is one look of a
/// sequence, fed the previous look.
/// </summary>
public sealed class MixtureSprtTests
{
    private sealed record RateLook(long Sa, long Na, long Sb, long Nb, double D, double V, double LogLambda, double P, double Lo, double Hi);

    private sealed record MeanLook(double Ma, double Va, long Na, double Mb, double Vb, long Nb, double D, double V, double LogLambda, double P, double Lo, double Hi);

    private static void Check(SequentialLook look, double d, double v, double logLambda, double p, double lo, double hi)
    {
        Expect.Close(d, look.Difference);
        Expect.Close(v, look.Variance);
        Expect.Close(logLambda, look.LogLikelihoodRatio);
        Expect.Close(p, look.PValue);
        Expect.Close(lo, look.Interval.Lower);
        Expect.Close(hi, look.Interval.Upper);
    }

    private static List<SequentialLook> Run(IEnumerable<RateLook> looks, SequentialTestOptions options)
    {
        var result = new List<SequentialLook>();
        SequentialLook? previous = null;
        foreach (var l in looks)
        {
            previous = MixtureSprt.Rates(l.Sa, l.Na, l.Sb, l.Nb, options, previous);
            Check(previous, l.D, l.V, l.LogLambda, l.P, l.Lo, l.Hi);
            result.Add(previous);
        }
        return result;
    }

    [Fact]
    public void Rates_WorseErrorRate_EqualsReferenceAndDecidesWorse()
    {
        RateLook[] looks =
        [
            new(10, 100, 14, 100, 0.04000000000000001, 0.002112, -0.18518577722118687, 1.0, -0.12244105942518313, 0.20244105942518315),
            new(45, 500, 70, 500, 0.05000000000000002, 0.00040710000000000003, 1.657590658116048, 0.19059764222510847, -0.011375333075603317, 0.11137533307560335),
            new(100, 1000, 160, 1000, 0.06, 0.00022620000000000002, 6.052677772820739, 0.0023515566336399264, 0.014262625333820028, 0.10573737466617997),
            new(150, 1500, 240, 1500, 0.06, 0.0001508, 9.823968080502453, 5.413833214963517e-05, 0.02236515818064856, 0.09763484181935143),
            // Lambda falls again, the always-valid p-value keeps its minimum
            new(210, 2000, 300, 2000, 0.045, 0.00011124375, 7.135959572705906, 5.413833214963517e-05, 0.012398430112835077, 0.07760156988716492),
        ];

        var run = Run(looks, new SequentialTestOptions(Tau: 0.05, Alpha: 0.05, HigherIsBetter: false));

        Assert.Equal([SequentialDecision.Undecided, SequentialDecision.Undecided, SequentialDecision.CandidateWorse,
            SequentialDecision.CandidateWorse, SequentialDecision.CandidateWorse], run.Select(l => l.Decision));
    }

    [Fact]
    public void Rates_UnequalArms_EqualsReferenceAndDecidesBetter()
    {
        RateLook[] looks =
        [
            new(190, 950, 14, 50, 0.08000000000000002, 0.0034186105263157894, 0.12095161171422214, 0.8860768342946296, -0.15007243510934037, 0.3100724351093404),
            new(1900, 9500, 120, 500, 0.03999999999999998, 0.00033936000000000003, 1.0134887289651682, 0.3629505321889372, -0.015928675410883657, 0.09592867541088362),
            new(4750, 23750, 400, 1250, 0.12, 0.00013773810526315788, 48.0673434563256, 1.3323489290368295e-21, 0.08394764650742134, 0.15605235349257865),
        ];

        var run = Run(looks, new SequentialTestOptions(Tau: 0.05));

        Assert.Equal(SequentialDecision.CandidateBetter, run[^1].Decision);
    }

    [Fact]
    public void Rates_AaAtAlpha001_EqualsReferenceAndStaysUndecided()
    {
        RateLook[] looks =
        [
            new(120, 400, 118, 400, -0.0050000000000000044, 0.00104496875, -1.1681636702475842, 1.0, -0.12054980092579913, 0.11054980092579912),
            new(600, 2000, 611, 2000, 0.005500000000000005, 0.00021109243749999998, -1.8692970437902774, 1.0, -0.04761659450944009, 0.0586165945094401),
            new(3010, 10000, 2993, 10000, -0.0016999999999999793, 4.20119955e-05, -2.7040377502410884, 1.0, -0.02659214702682034, 0.023192147026820382),
        ];

        var run = Run(looks, new SequentialTestOptions(Tau: 0.1, Alpha: 0.01));

        Assert.All(run, l => Assert.Equal(SequentialDecision.Undecided, l.Decision));
    }

    [Fact]
    public void Means_BrierScore_EqualsReference()
    {
        MeanLook[] looks =
        [
            new(0.18, 0.04, 200, 0.172, 0.038, 200, -0.008000000000000007, 0.00039, -0.31139815023132944, 1.0, -0.07982363411747756, 0.06382363411747755),
            new(0.181, 0.041, 1000, 0.168, 0.037, 1000, -0.012999999999999984, 7.8e-05, 0.00010413775457474017, 0.9998958676675731, -0.03997118827704345, 0.013971188277043477),
            new(0.179, 0.04, 3000, 0.165, 0.036, 3000, -0.013999999999999985, 2.533333333333333e-05, 2.2276374673113977, 0.10778276989163739, -0.029407190996598165, 0.0014071909965981972),
        ];
        var options = new SequentialTestOptions(Tau: 0.02, HigherIsBetter: false);
        SequentialLook? previous = null;

        foreach (var l in looks)
        {
            previous = MixtureSprt.Means(l.Ma, l.Va, l.Na, l.Mb, l.Vb, l.Nb, options, previous);
            Check(previous, l.D, l.V, l.LogLambda, l.P, l.Lo, l.Hi);
        }

        Assert.Equal(SequentialDecision.Undecided, previous!.Decision);
    }

    [Fact]
    public void Means_SlowerLatency_EqualsReferenceAndDecidesWorse()
    {
        var options = new SequentialTestOptions(Tau: 5.0, HigherIsBetter: false);

        var first = MixtureSprt.Means(12.0, 30.0, 100, 13.5, 36.0, 100, options);
        var second = MixtureSprt.Means(12.1, 31.0, 400, 14.2, 40.0, 400, options, first);

        Check(first, 1.5, 0.6599999999999999, -0.16952150353730722, 1.0, -1.0570369080998008, 4.057036908099801);
        Check(second, 2.0999999999999996, 0.1775, 9.857589312147386, 5.2348393324648676e-05, 0.7011628255463149, 3.4988371744536844);
        Assert.Equal(SequentialDecision.CandidateWorse, second.Decision);
    }

    [Fact]
    public void Look_Decided_StaysDecidedWhenTheEvidenceTurns()
    {
        var options = new SequentialTestOptions(Tau: 0.05);
        var decided = MixtureSprt.Rates(100, 1000, 160, 1000, options);
        var later = MixtureSprt.Rates(1000, 5000, 900, 5000, options, decided);

        Assert.Equal(SequentialDecision.CandidateBetter, decided.Decision);
        Assert.True(later.Difference < 0);
        Assert.Equal(SequentialDecision.CandidateBetter, later.Decision);
        Assert.Equal(decided.PValue, later.PValue);
    }

    [Fact]
    public void Look_ResumedFromStoredPValueAndDecision_ContinuesAsWithoutARestart()
    {
        var options = new SequentialTestOptions(Tau: 0.05, HigherIsBetter: false);
        var first = MixtureSprt.Rates(45, 500, 70, 500, options);
        var stored = (first.PValue, first.Decision);

        var continued = MixtureSprt.Rates(100, 1000, 160, 1000, options, first);
        var resumed = MixtureSprt.Rates(100, 1000, 160, 1000, options, SequentialLook.Resume(stored.PValue, stored.Decision));

        Assert.Equal(continued, resumed);
        Assert.Throws<ArgumentOutOfRangeException>(() => SequentialLook.Resume(1.5, SequentialDecision.Undecided));
    }

    [Fact]
    public void Boundary_IsLogOneOverAlpha_WhereThePValueCrossesAlpha()
    {
        var options = new SequentialTestOptions(Tau: 0.05);
        // ln(20) = 2.995732273553991 (numpy.log(1 / 0.05))
        Expect.Close(2.995732273553991, MixtureSprt.Boundary(0.05));
        var below = MixtureSprt.Look(0.030, 0.0001, options);
        var above = MixtureSprt.Look(0.032, 0.0001, options);

        Assert.True(below.LogLikelihoodRatio < MixtureSprt.Boundary(0.05) && below.PValue > 0.05);
        Assert.True(above.LogLikelihoodRatio > MixtureSprt.Boundary(0.05) && above.PValue < 0.05);
    }

    [Fact]
    public void Rates_NoRowsOrNoSpread_IsNoEvidence()
    {
        var options = new SequentialTestOptions(Tau: 0.05);

        var empty = MixtureSprt.Rates(0, 0, 0, 10, options);
        var allZero = MixtureSprt.Rates(0, 500, 0, 500, options);

        foreach (var look in new[] { empty, allZero })
        {
            Assert.Equal((0.0, 1.0, SequentialDecision.Undecided), (look.LogLikelihoodRatio, look.PValue, look.Decision));
            Assert.Equal(ConfidenceInterval.Unbounded, look.Interval);
        }
    }

    [Fact]
    public void Options_OutOfRange_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Look(0.1, 0.01, new SequentialTestOptions(Tau: 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Look(0.1, 0.01, new SequentialTestOptions(Tau: 0.1, Alpha: 1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MixtureSprt.Rates(11, 10, 0, 10, new SequentialTestOptions(Tau: 0.1)));
    }
}
