using System.Runtime.InteropServices;

namespace Portal.Core.Training;

/// <summary>
/// Runs a training on a thread of its own at a lower OS priority (Linux nice), so that when serving and training want the
/// same core the scheduler gives it to serving; training still gets every cycle serving leaves idle. Threads the training
/// starts inherit the niceness; thread-pool threads never run it, so none is left deprioritised for requests.
/// </summary>
public static class TrainingThread
{
    /// <summary>Nice 10: about a tenth of a nice-0 thread's share of a contended core.</summary>
    public const int DefaultNiceness = 10;

    public static Task<T> Run<T>(Func<T> work, int niceness, CancellationToken ct)
    {
        // Not lowered (configured 0, or not Linux): the thread pool runs it, as any other work.
        if (niceness <= 0 || !OperatingSystem.IsLinux()) return Task.Run(work, ct);
        ct.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Lower(niceness);
            try
            {
                done.SetResult(work());
            }
            catch (OperationCanceledException e)
            {
                done.SetCanceled(e.CancellationToken);
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Portal training",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>The calling thread's niceness on Linux (only ever raised, which needs no privilege); elsewhere nothing.</summary>
    private static void Lower(int niceness)
    {
        try
        {
            // PRIO_PROCESS with a thread id sets that one thread's nice value on Linux.
            _ = SetPriority(0, GetTid(), niceness);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Without the libc entry points training runs at normal priority, as on other systems.
        }
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
