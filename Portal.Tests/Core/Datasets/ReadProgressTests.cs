using Portal.Core.Datasets;

namespace Portal.Tests.Core.Datasets;

/// <summary><see cref="ReadProgress"/>: the share of a stream read, reported only when it moved and the interval has passed.</summary>
public sealed class ReadProgressTests
{
    private sealed class Collect : IProgress<double>
    {
        public List<double> Values { get; } = [];
        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public void Check_NoInterval_ReportsEachNewPositionOnce()
    {
        using var stream = new MemoryStream(new byte[1000]);
        var collect = new Collect();
        var progress = new ReadProgress(stream, collect, TimeSpan.Zero);

        stream.Position = 250;
        progress.Check();
        progress.Check();
        stream.Position = 1000;
        progress.Check();
        progress.Done();

        Assert.Equal([0.25, 1.0], collect.Values);
    }

    [Fact]
    public void Check_WithinTheInterval_ReportsOnlyTheFirstThenDoneReportsOne()
    {
        using var stream = new MemoryStream(new byte[1000]);
        var collect = new Collect();
        var progress = new ReadProgress(stream, collect, TimeSpan.FromDays(1));

        stream.Position = 100;
        progress.Check();
        stream.Position = 600;
        progress.Check();
        progress.Done();

        Assert.Equal([0.1, 1.0], collect.Values);
    }

    [Fact]
    public void Fraction_EmptyStream_IsOne()
    {
        using var stream = new MemoryStream();
        Assert.Equal(1, new ReadProgress(stream, new Collect(), TimeSpan.Zero).Fraction);
    }
}
