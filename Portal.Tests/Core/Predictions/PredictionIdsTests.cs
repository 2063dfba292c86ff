using Portal.Core.Predictions;

namespace Portal.Tests.Core.Predictions;

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

    [Fact]
    public void KeyOf_Always_IsTheMillisecondThenASequenceNumber_DistinctWithinTheMillisecond()
    {
        var at = DateTimeOffset.Parse("2026-11-22T10:00:00.123Z");
        var keys = new long[200_000];
        Parallel.For(0, keys.Length, i => keys[i] = PredictionIds.KeyOf(PredictionIds.Next(at)));

        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Equal(at.ToUnixTimeMilliseconds(), k >> PredictionIds.SequenceBits));
        Assert.All(keys, k => Assert.InRange(k, PredictionIds.FirstKeyAt(at), PredictionIds.FirstKeyOf(at.ToUnixTimeMilliseconds() + 1) - 1));
    }

    [Fact]
    public void KeyOf_LaterMillisecond_IsLarger()
    {
        var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
        var first = PredictionIds.KeyOf(PredictionIds.Next(at));
        for (var i = 1; i < 2000; i++)
        {
            var later = PredictionIds.KeyOf(PredictionIds.Next(at.AddMilliseconds(1)));
            Assert.True(later > first);
        }
    }

    [Fact]
    public void FirstKeyOf_OutsideTheKeysRange_ClampsWithoutOverflowing()
    {
        Assert.Equal(0, PredictionIds.FirstKeyOf(-5));
        Assert.Equal(0, PredictionIds.FirstKeyAt(DateTimeOffset.MinValue));
        Assert.Equal(long.MaxValue, PredictionIds.FirstKeyAt(DateTimeOffset.MaxValue));
        Assert.Equal(long.MaxValue, PredictionIds.FirstKeyOf(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() + 1));
    }
}
