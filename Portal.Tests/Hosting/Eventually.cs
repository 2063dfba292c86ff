namespace Portal.Tests.Hosting;

/// <summary>
/// Waits for a condition the app reaches asynchronously (the prediction-log writer storing a batch), checking it
/// on a timer until a deadline: a bounded wait on an observable fact, not a sleep standing in for one.
/// </summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting for {what}.");
            await timer.WaitForNextTickAsync();
        }
    }
}
