using Portal.Web.Metrics;

namespace Portal.Tests.Api;

public sealed class EndpointStatsTests
{
    [Fact]
    public void Record_ClientAndServerErrors_CountedSeparately()
    {
        var stats = new EndpointStats("GET", "/x");
        stats.Record(200, 3);
        stats.Record(404, 3);
        stats.Record(503, 3);
        Assert.Equal(3, stats.Count);
        Assert.Equal(1, stats.ClientErrors);
        Assert.Equal(1, stats.ServerErrors);
        Assert.Equal(9, stats.TotalMilliseconds, 6);
    }

    [Fact]
    public void Quantile_UniformWithinOneBucket_InterpolatesLinearly()
    {
        var stats = new EndpointStats("GET", "/x");
        for (var i = 0; i < 100; i++) stats.Record(200, 15); // the 10-20 ms bucket
        Assert.Equal(19.5, EndpointStats.Quantile(stats.Buckets(), 0.95)!.Value, 9);
    }

    [Fact]
    public void Quantile_SlowTail_LandsInTheSlowBucket()
    {
        var stats = new EndpointStats("GET", "/x");
        for (var i = 0; i < 90; i++) stats.Record(200, 1);
        for (var i = 0; i < 10; i++) stats.Record(200, 1500); // the 1000-2000 ms bucket
        Assert.InRange(EndpointStats.Quantile(stats.Buckets(), 0.95)!.Value, 1000, 2000);
    }

    [Fact]
    public void Quantile_NothingRecorded_IsNull() =>
        Assert.Null(EndpointStats.Quantile(new EndpointStats("GET", "/x").Buckets(), 0.95));
}
