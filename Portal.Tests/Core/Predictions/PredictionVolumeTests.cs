using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

public sealed class PredictionVolumeTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 25, 0, TimeSpan.Zero);

    [Fact]
    public void Count_Hours_AlignedBucketsOldestFirstWithEmptyHoursKept()
    {
        var times = new[] { Now.AddMinutes(-5), Now.AddMinutes(-20), Now.AddHours(-2), Now.AddHours(-30) };

        var buckets = PredictionVolume.Count(times, Now.AddHours(-3), Now, TimeSpan.FromHours(1));

        Assert.Equal([Now.Date.AddHours(7), Now.Date.AddHours(8), Now.Date.AddHours(9), Now.Date.AddHours(10)], buckets.Select(b => b.Start.UtcDateTime));
        Assert.Equal([0L, 1, 0, 2], buckets.Select(b => b.Predictions));
    }

    [Fact]
    public void Count_Days_OutsideTheRangeNotCounted()
    {
        var times = new[] { Now.AddDays(-1), Now.AddDays(-1).AddHours(-2), Now.AddDays(-8), Now.AddMinutes(1) };

        var buckets = PredictionVolume.Count(times, Now.AddDays(-6), Now, TimeSpan.FromDays(1));

        Assert.Equal(7, buckets.Count);
        Assert.Equal(2, buckets[5].Predictions);
        Assert.Equal(2, buckets.Sum(b => b.Predictions));
    }
}
