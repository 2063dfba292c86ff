namespace Portal.Core.Training;

/// <summary>
/// Limits of training (Portal:Training): runs trained at once, threads each trainer may use (below the core count, so
/// serving keeps a core), and the largest sweep accepted.
/// </summary>
public sealed record TrainingSettings(int MaxConcurrentRuns = 1, int? MaxThreads = null, int MaxSweepCandidates = TrainingSettings.DefaultMaxSweepCandidates)
{
    public const int DefaultMaxSweepCandidates = 48;

    /// <summary>One core fewer than the machine has, at least one.</summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount - 1);

    public int Threads => MaxThreads ?? DefaultThreads;
}
