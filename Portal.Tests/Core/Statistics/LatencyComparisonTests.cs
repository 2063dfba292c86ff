using Portal.Core.Statistics;
using Portal.Tests.Core.Drift;

namespace Portal.Tests.Core.Statistics;

/// <summary>
/// Expected values: numpy 1.24 <c>numpy.percentile(x, q)</c> (linear), printed by tools/reference/rollout_statistics_reference.py
/// on latencies 5 + 2 |normal| ms from the shared LCG (DriftData), rounded down to 0.01 ms.
/// </summary>
public sealed class LatencyComparisonTests
{
    private static double[] Latencies(int seed, int n)
    {
        var g = new DriftData(seed);
        var x = new double[n];
        for (var i = 0; i < n; i++) x[i] = Math.Floor((5.0 + 2.0 * Math.Abs(g.Normal(0.0, 1.0))) / 0.01) * 0.01;
        return x;
    }

    [Theory]
    [InlineData(201, 1000, 95, 8.920499999999999)]
    [InlineData(202, 37, 95, 8.049999999999994)]
    [InlineData(203, 5000, 99, 10.120100000000003)]
    [InlineData(204, 1, 95, 7.98)]
    [InlineData(205, 2, 50, 5.390000000000001)]
    public void Of_GeneratedLatencies_EqualsNumpyPercentile(int seed, int n, double percent, double expected)
    {
        Expect.Close(expected, SampleQuantile.Of(Latencies(seed, n), percent / 100));
    }

    [Fact]
    public void Of_NoValues_IsNaN()
    {
        Assert.True(double.IsNaN(SampleQuantile.Of([], 0.95)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleQuantile.Of([1.0], 1.5));
    }

    [Fact]
    public void Compare_SlowerCandidate_ExceedsTheMargin()
    {
        var champion = Latencies(201, 1000);
        var slower = champion.Select(x => x * 1.5).ToArray();
        var similar = champion.Select(x => x + 0.5).ToArray();

        var tooSlow = LatencyComparison.Compare(champion, slower);
        var fine = LatencyComparison.Compare(champion, similar);

        Expect.Close(8.920499999999999, tooSlow.ChampionMs);
        Expect.Close(8.920499999999999 * 1.2 + 1, tooSlow.LimitMs);
        Assert.True(tooSlow.Exceeded);
        Assert.False(fine.Exceeded);
        Assert.Equal("candidate p95 13.4 ms against the champion's 8.9 ms (limit 11.7 ms)", tooSlow.Describe());
    }

    [Fact]
    public void Compare_EmptySample_ExceedsNothing()
    {
        Assert.False(LatencyComparison.Compare([], [5.0, 6.0]).Exceeded);
        Assert.False(LatencyComparison.Compare([5.0, 6.0], []).Exceeded);
    }
}
