using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public sealed class TrainingThreadTests
{
    [Fact]
    public async Task Run_RunsOnAThreadOfItsOwn_NotThePool()
    {
        var pooled = await TrainingThread.Run(() => Thread.CurrentThread.IsThreadPoolThread, CancellationToken.None);

        Assert.False(pooled);
    }

    [Fact]
    public async Task Run_WorkThrows_TheTaskFaultsWithIt()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TrainingThread.Run<int>(() => throw new InvalidOperationException("bad fit"), CancellationToken.None));
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
        }, cts.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.True(task.IsCanceled);
    }
}
