using Portal.Core.Statistics;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: scipy 1.10.1 <c>stats.chisquare(observed, total * weights / sum(weights))</c>, printed by
/// tools/reference/rollout_statistics_reference.py.
/// </summary>
public sealed class SampleRatioMismatchTests
{
    public static TheoryData<long[], double[], double, double, bool> Splits() => new()
    {
        { [5210, 4790], [50, 50], 17.64, 2.6691498031812692e-05, true },
        { [5050, 4950], [50, 50], 1.0, 0.31731050786291115, false },
        { [9310, 690], [95, 5], 76.0, 2.83664736699921e-18, true },
        { [3340, 3330, 3330], [1, 1, 1], 0.02, 0.990049833749168, false },
        { [1010, 8990], [10, 90], 0.11111111111111112, 0.7388826803635271, false },
        { [7600, 2400], [75, 25], 5.333333333333333, 0.020921335337794035, false },  // p = 0.02 is not an SRM at 0.001
        { [52, 48], [50, 50], 0.16, 0.6891565167793516, false },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Test_ObservedAgainstWeights_EqualsScipyChisquare(long[] observed, double[] weights, double chi2, double p, bool mismatch)
    {
        var result = SampleRatioMismatch.Test(observed, weights);

        Expect.Close(chi2, result.Statistic);
        Expect.Close(p, result.PValue);
        Assert.Equal(mismatch, result.Mismatch);
    }

    [Fact]
    public void Describe_OffSplit_IsTheStopReasonSentence()
    {
        Assert.Equal("observed split 5,210 / 4,790 against 50/50: p = 2.7e-05",
            SampleRatioMismatch.Test([5210, 4790], [50, 50]).Describe());
        Assert.Equal("observed split 9,310 / 690 against 95/5: p = 2.8e-18",
            SampleRatioMismatch.Test([9310, 690], [0.95, 0.05]).Describe());
        Assert.Equal("observed split 7,600 / 2,400 against 75/25: p = 0.021",
            SampleRatioMismatch.Test([7600, 2400], [75, 25]).Describe());
        Assert.Equal("observed split 3,340 / 3,330 / 3,330 against 33.33/33.33/33.33: p = 0.99",
            SampleRatioMismatch.Test([3340, 3330, 3330], [1, 1, 1]).Describe());
    }

    [Fact]
    public void Test_ZeroWeightArm_IsLeftOutUnlessItGotRequests()
    {
        var idle = SampleRatioMismatch.Test([5050, 4950, 0], [50, 50, 0]);
        var leaked = SampleRatioMismatch.Test([5000, 4990, 10], [50, 50, 0]);

        Expect.Close(0.31731050786291115, idle.PValue);
        Assert.False(idle.Mismatch);
        Assert.True(leaked.Mismatch);
        Assert.Equal(0.0, leaked.PValue);
        Assert.Equal("observed split 5,000 / 4,990 / 10 against 50/50/0: p < 1e-300", leaked.Describe());
    }

    [Fact]
    public void Test_NoRequests_IsNoMismatch()
    {
        var result = SampleRatioMismatch.Test([0, 0], [50, 50]);
        Assert.Equal((1.0, false), (result.PValue, result.Mismatch));
    }

    [Fact]
    public void Test_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Test([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => SampleRatioMismatch.Test([1], [1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Test([1, 2], [-1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Test([1, 2], [0, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleRatioMismatch.Test([-1, 2], [1, 1]));
    }
}
