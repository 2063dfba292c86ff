using Portal.Core.Serving;

namespace Portal.Tests.Core.Serving;

public sealed class PredictionIdsTests
{
    [Fact]
    public void Next_Always_IsAVersion7UuidCarryingTheMillisecond()
    {
        var at = DateTimeOffset.Parse("2026-11-22T10:00:00.123Z");
        var id = PredictionIds.Next(at);

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var hex = id.ToString("N");
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(hex[..12], 16));
    }

    [Fact]
    public void Next_ManyCallsInOneMillisecond_AreAllDistinct()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var ids = new Guid[200_000];
        Parallel.For(0, ids.Length, i => ids[i] = PredictionIds.Next(at));

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Next_LaterMillisecond_SortsAfterAsText()
    {
        var first = PredictionIds.Next(DateTimeOffset.UnixEpoch.AddDays(20_000));
        var second = PredictionIds.Next(DateTimeOffset.UnixEpoch.AddDays(20_000).AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(first.ToString(), second.ToString()) < 0);
    }
}
