using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: statsmodels 0.13.5 <c>proportion_confint(count, nobs, alpha, method='wilson')</c>, printed by
/// tools/reference/rollout_statistics_reference.py.
/// </summary>
public sealed class WilsonIntervalTests
{
    [Theory]
    [InlineData(3, 10, 0.05, 0.10779126740630104, 0.6032218525388546)]
    [InlineData(50, 100, 0.05, 0.4038315303659956, 0.5961684696340044)]
    [InlineData(1, 1000, 0.05, 0.00017654637062607765, 0.005642558597957937)]
    [InlineData(437, 5000, 0.05, 0.07988520275826139, 0.09554830488679977)]
    [InlineData(437, 5000, 0.1, 0.08105153887511216, 0.094194742529805)]
    [InlineData(12, 40, 0.01, 0.15327747087863428, 0.5036318145243994)]
    public void Of_Counts_EqualsStatsmodels(long count, long nobs, double alpha, double lower, double upper)
    {
        var ci = WilsonInterval.Of(count, nobs, 1 - alpha);

        Expect.Close(lower, ci.Lower);
        Expect.Close(upper, ci.Upper);
    }

    [Fact]
    public void Of_NoneOrAll_ReachesTheBoundExactly()
    {
        var none = WilsonInterval.Of(0, 10);
        var all = WilsonInterval.Of(1000, 1000);

        Assert.Equal(0.0, none.Lower);
        Expect.Close(0.27753279986288926, none.Upper);
        Expect.Close(0.996173241514445, all.Lower);
        Assert.Equal(1.0, all.Upper);
    }

    [Fact]
    public void Of_NoTrials_IsTheWholeRange()
    {
        Assert.Equal(new ConfidenceInterval(0, 1), WilsonInterval.Of(0, 0));
    }

    [Fact]
    public void CriticalValue_95_EqualsScipyNormIsf()
    {
        Expect.Close(1.9599639845400545, WilsonInterval.CriticalValue(0.95));
        Expect.Close(1.9599639845400545, WilsonInterval.CriticalValue(0.9500000001), 1e-9);
    }
}
