using System.Buffers;
using System.Diagnostics;
using Portal.Core.Drift;
using Portal.Core.Statistics;

namespace Portal.DriftBench;

/// <summary>
/// The timed work, all through Portal.Core. Reference preparation is what a model version caches
/// (<see cref="ReferenceProfile.Numeric"/>: sorted values, mean, std); every per-run variant starts from the raw current
/// column, so it includes sorting the current window. Features run in parallel (as <see cref="DriftService"/> runs them)
/// unless <c>parallel</c> is false.
/// </summary>
internal sealed class DriftBenchRunner(BenchData data)
{
    private ReferenceProfile[] _profiles = [];

    public int Features => data.Names.Count;

    /// <summary>Once per model version: a profile per feature.</summary>
    public void PrepareReference()
    {
        var profiles = new ReferenceProfile[Features];
        Parallel.For(0, Features, f => profiles[f] = ReferenceProfile.Numeric(data.Names[f], data.Reference[f]));
        _profiles = profiles;
    }

    /// <summary>A drift run with every statistic: sort the window once, one merge walk, p-value, bins, PSI, JS, mean shift.</summary>
    public NumericDriftStatistics[] RunAll(bool parallel = true)
    {
        var results = new NumericDriftStatistics[Features];
        For(parallel, f => results[f] = FeatureDriftCalculator.NumericStatistics(_profiles[f], data.Current[f]));
        return results;
    }

    /// <summary>KS (D and p-value) and the Wasserstein distance only.</summary>
    public double RunKolmogorovSmirnovAndWasserstein()
    {
        var sink = new double[Features];
        For(true, f =>
        {
            var reference = _profiles[f].SortedValues;
            // Sorted into a pooled buffer, as FeatureDriftCalculator does (fresh 8 MB arrays cost page faults).
            var buffer = ArrayPool<double>.Shared.Rent(data.Current[f].Length);
            var current = buffer.AsSpan(0, ReferenceProfile.SortFinite(data.Current[f], buffer));
            var walk = SortedComparison.Of(reference, current);
            var ks = KolmogorovSmirnov.FromStatistic(reference.Length, current.Length, walk.KsStatistic);
            ArrayPool<double>.Shared.Return(buffer);
            sink[f] = ks.PValue!.Value + walk.Wasserstein;
        });
        return sink.Sum();
    }

    /// <summary>PSI and Jensen-Shannon only: the current window is not sorted, one pass for its range and one to count it.</summary>
    public double RunPsiAndJensenShannon()
    {
        var sink = new double[Features];
        For(true, f =>
        {
            var (r, c) = FeatureDriftCalculator.BinShares(_profiles[f], data.Current[f]);
            sink[f] = PopulationStability.Index(r, c) + JensenShannon.Distance(r, c);
        });
        return sink.Sum();
    }

    private void For(bool parallel, Action<int> body)
    {
        if (parallel) Parallel.For(0, Features, body);
        else for (var f = 0; f < Features; f++) body(f);
    }

    /// <summary>Wall and process CPU seconds of one call (CPU time is less disturbed by other work on a shared machine).</summary>
    public static (double Wall, double Cpu) Time(Action action)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        action();
        return (watch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds);
    }
}
