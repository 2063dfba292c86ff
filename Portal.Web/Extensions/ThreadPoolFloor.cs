namespace Portal.Web.Extensions;

/// <summary>
/// Raises the thread pool's minimum worker threads to <c>Portal:Serving:MinWorkerThreads</c> at start-up. The runtime's
/// minimum is the core count, and above it the pool adds a thread only about every half second while its threads are
/// busy or blocked. On a one- or two-core server a request burst behind a few briefly blocked threads (background work,
/// synchronous I/O) then waited that half second: at 1,000 requests/s with a rollout active, p99 was 0.4 to 0.9 s with
/// the runtime's minimum and 4.3 ms with 16 (bench/results/rollout-serving.md). Threads above the minimum are still
/// created on demand; this only lets the pool grow to the floor at once. Never lowers what the runtime chose.
/// </summary>
public static class ThreadPoolFloor
{
    /// <summary>Applies the floor; returns the minimum worker threads now in force.</summary>
    public static int Apply(int minWorkerThreads)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (minWorkerThreads > workers) ThreadPool.SetMinThreads(minWorkerThreads, io);
        ThreadPool.GetMinThreads(out workers, out _);
        return workers;
    }
}
