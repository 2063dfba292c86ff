namespace Portal.Core.Training;

/// <summary>
/// Limits of training (Portal:Training): runs trained at once, threads each trainer may use (below the core count, so
/// serving keeps a core), the largest sweep accepted, and from how many rows a request that names no trainer gets
/// LightGbm rather than FastTree.
/// </summary>
public sealed record TrainingSettings(int MaxConcurrentRuns = 1, int? MaxThreads = null, int MaxSweepCandidates = TrainingSettings.DefaultMaxSweepCandidates,
    long LargeDatasetRows = TrainingSettings.DefaultLargeDatasetRows)
{
    public const int DefaultMaxSweepCandidates = 48;

    /// <summary>
    /// LightGbm trained 500,000 rows in 6.6 s against FastTree's 9.7 s, at a higher AUC (0.888 against 0.884; issue 19),
    /// and 5M rows at 1.03x scikit-learn's time (bench/results/scale.md); on small files FastTree stays the default
    /// every version trained so far was made with.
    /// </summary>
    public const long DefaultLargeDatasetRows = 100_000;

    /// <summary>The trainer of a request that names none, for a dataset of <paramref name="rows"/> rows.</summary>
    public TrainerKind DefaultTrainerFor(long rows) => rows >= LargeDatasetRows ? TrainerKind.LightGbm : TrainerKind.FastTree;

    /// <summary>One core fewer than the machine has, at least one.</summary>
    public static int DefaultThreads => Math.Max(1, Environment.ProcessorCount - 1);

    public int Threads => MaxThreads ?? DefaultThreads;
}
