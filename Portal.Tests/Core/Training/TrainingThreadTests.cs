using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public sealed class TrainingThreadTests
{
    [Fact]
    public async Task Run_WithNiceness_RunsOnItsOwnThreadAtThatNiceValue()
    {
        var (nice, pooled) = await TrainingThread.Run(() => (CurrentNice(), Thread.CurrentThread.IsThreadPoolThread), 7, CancellationToken.None);

        Assert.Equal(7, nice);
        Assert.False(pooled);
        // The caller's own thread is untouched.
        Assert.Equal(0, CurrentNice());
    }

    [Fact]
    public async Task Run_NicenessZero_RunsOnThePoolAsBefore()
    {
        var (nice, pooled) = await TrainingThread.Run(() => (CurrentNice(), Thread.CurrentThread.IsThreadPoolThread), 0, CancellationToken.None);

        Assert.Equal(0, nice);
        Assert.True(pooled);
    }

    [Fact]
    public async Task Run_WorkThrows_TheTaskFaultsWithIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrainingThread.Run<int>(() => throw new InvalidOperationException("bad fit"), 5, CancellationToken.None));
        Assert.Equal("bad fit", error.Message);
    }

    [Fact]
    public async Task Run_WorkCancelled_TheTaskIsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var task = TrainingThread.Run<int>(() =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
            return 1;
        }, 5, CancellationToken.None);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }

    /// <summary>The calling thread's nice value from /proc/thread-self/stat (field 19; the name in parentheses may hold spaces).</summary>
    private static int CurrentNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }
}
