namespace Portal.Core.Training;

/// <summary>
/// Runs a training on a thread of its own rather than on a thread-pool thread: a fit holds its thread for seconds to
/// minutes, and a pool thread held that long makes the pool inject more threads, which the fit's own parallel parts then
/// fill, taking cores from the requests the pool serves (bench/results/sweep.md).
/// </summary>
public static class TrainingThread
{
    public static Task<T> Run<T>(Func<T> work, CancellationToken ct) =>
        Task.Factory.StartNew(work, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
