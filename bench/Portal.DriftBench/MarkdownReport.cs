using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Portal.DriftBench;

/// <summary>The markdown section run.sh prints and stores in bench/results/drift.md.</summary>
internal static class MarkdownReport
{
    public static string Build(BenchData data, StatisticsFile python, StatisticsFile portal, IReadOnlyList<Agreement> agreement,
        IReadOnlyDictionary<string, List<double>> samples, double tolerance)
    {
        var py = python.Timings;
        var net = portal.Timings;
        var runs = samples.Values.First().Count;
        var sb = new StringBuilder();
        sb.AppendLine($"# Drift statistics: {data.ReferenceRows:N0} reference x {data.CurrentRows:N0} current rows x {data.Names.Count} numeric features");
        sb.AppendLine();
        sb.AppendLine($"Produced by `bench/drift/run.sh` on {DateTime.UtcNow:yyyy-MM-dd} — {Environment.ProcessorCount} cores ({Cpu()}), " +
                      $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB; {RuntimeInformation.FrameworkDescription}, " +
                      $"scipy {python.Versions.GetValueOrDefault("scipy")} / numpy {python.Versions.GetValueOrDefault("numpy")} (Debian's /usr/bin/python3).");
        sb.AppendLine("Both sides read the same float64 arrays (bench/drift/reference.py generates them with numpy's default_rng; normal, lognormal, " +
                      "exponential, t, gamma, beta, mixtures, rounded values with ties and both zeros, a 3-level feature; some drifted). " +
                      $"The machine is shared: Portal's times are medians of {runs} runs after a warm-up, Python's are single passes (a scipy pass takes tens of seconds); read the ratios. " +
                      "Wall time is what a user waits; CPU time (process user + system, all threads) is less disturbed by other work on the machine. " +
                      "Portal's per-run figures use both cores (features in parallel); numpy/scipy use one, so the CPU ratio is the per-core comparison.");
        sb.AppendLine();
        sb.AppendLine("## Time");
        sb.AppendLine();
        sb.AppendLine("| work | Python wall | Portal wall | speed-up | Python CPU | Portal CPU | CPU ratio |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Row(sb, "reference preparation, once per model version (sort each reference column; std, min/max)", Get(py, "ref_prep"), Get(net, "ref_prep"));
        Row(sb, "**KS (D + p-value) + Wasserstein**, per run", Get(py, "ks_w"), Get(net, "ks_w"), bold: true);
        Row(sb, "**PSI + Jensen-Shannon**, per run", Get(py, "psi_js"), Get(net, "psi_js"), bold: true);
        var pyAll = (Get(py, "ks_w").Wall + Get(py, "psi_js").Wall, Get(py, "ks_w").Cpu + Get(py, "psi_js").Cpu);
        Row(sb, "all four statistics, per run", pyAll, Get(net, "all"));
        Row(sb, "all four, Portal on one thread", pyAll, Get(net, "all_single_thread"));
        if (py.ContainsKey("ks_w_plain_s") && py.ContainsKey("psi_js_plain_s"))
        {
            Row(sb, "context: KS + Wasserstein, Python without the cached sorted reference", Get(py, "ks_w_plain"), Get(net, "ks_w"));
            Row(sb, "context: PSI + JS as Evidently writes it (concatenate, three histogram passes)", Get(py, "psi_js_plain"), Get(net, "psi_js"));
        }
        sb.AppendLine();
        sb.AppendLine("What each side times, per run (the reference side is prepared once and cached, as Portal's DriftService caches a version's profiles; Python gets the same advantage):");
        sb.AppendLine("- Python KS + Wasserstein: `scipy.stats.ks_2samp(ref_sorted, cur)` + `scipy.stats.wasserstein_distance(ref_sorted, cur)` per feature. " +
                      "scipy sorts both inputs internally; the reference is passed already sorted, which makes that sort cheap.");
        sb.AppendLine("- Python PSI + JS: edges from the cached reference min/max and the current min/max (= `np.histogram_bin_edges` of the concatenation, 30 bins), " +
                      "reference counts by `np.searchsorted` on the sorted reference, `np.histogram` of the current window, PSI (zero shares -> 0.0001), " +
                      "`scipy.spatial.distance.jensenshannon(r, c, 2)`.");
        sb.AppendLine("- Portal KS + Wasserstein: `ReferenceProfile.SortFinite` of the current window (radix sort), one `SortedComparison` merge walk " +
                      "(D, Wasserstein, distinct count), `KolmogorovSmirnov.FromStatistic` (kstwo.sf port).");
        sb.AppendLine("- Portal PSI + JS: `FeatureDriftCalculator.BinShares` on the unsorted current window (one vectorised pass for its range, " +
                      "one pass counting it with numpy's bin rule, reference counts by binary search on the cached sorted reference), " +
                      "`PopulationStability.Index`, `JensenShannon.Distance`.");
        sb.AppendLine("- Portal all four: `FeatureDriftCalculator.NumericStatistics` (one sort of the current window, then the merge walk, the p-value, " +
                      "bins by binary search on both sorted arrays, PSI, JS and the mean shift); features in parallel (`Parallel.For`, as DriftService runs them).");
        sb.AppendLine("- Not timed on either side: reading the files.");
        sb.AppendLine();
        sb.AppendLine("Portal's runs (seconds): " + string.Join("; ", samples.Select(s => $"{s.Key} " + string.Join(" ", s.Value.Select(v => v.ToString("F3", CultureInfo.InvariantCulture))))) + ".");
        sb.AppendLine();
        sb.AppendLine($"## Agreement with scipy / numpy (tolerance {tolerance:G} relative to the Python value)");
        sb.AppendLine();
        sb.AppendLine("| statistic | max abs difference | max relative difference | worst feature | bit-identical | within tolerance |");
        sb.AppendLine("| --- | ---: | ---: | --- | ---: | --- |");
        foreach (var a in agreement)
            sb.AppendLine($"| {a.Statistic} | {a.MaxAbsolute:G3} | {a.MaxRelative:G3} | {(a.WorstFeature == "" ? "-" : a.WorstFeature)} | {a.BitEqual}/{data.Names.Count} | {(a.Failures.Count == 0 ? "yes" : $"**NO ({a.Failures.Count})**")} |");
        sb.AppendLine();
        sb.AppendLine("## Per feature (Portal's values)");
        sb.AppendLine();
        sb.AppendLine("| feature | KS D | KS p-value | Wasserstein | PSI | JS |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in portal.Features)
            sb.AppendLine($"| {s.Name} | {s.KsStatistic:G6} | {s.KsPvalue:G6} | {s.Wasserstein:G6} | {s.Psi:G6} | {s.Js:G6} |");
        return sb.ToString();
    }

    private static (double Wall, double Cpu) Get(IReadOnlyDictionary<string, double> timings, string name) =>
        (timings[name + "_s"], timings.TryGetValue(name + "_cpu_s", out var cpu) ? cpu : double.NaN);

    private static void Row(StringBuilder sb, string label, (double Wall, double Cpu) python, (double Wall, double Cpu) portal, bool bold = false)
    {
        var ratio = python.Wall / portal.Wall;
        var speed = bold ? $"**{ratio:F1}x**" : $"{ratio:F1}x";
        var cpu = double.IsNaN(python.Cpu) ? "| - | - | -" : $"| {python.Cpu:F3} s | {portal.Cpu:F3} s | {python.Cpu / portal.Cpu:F1}x";
        sb.AppendLine($"| {label} | {python.Wall:F3} s | {portal.Wall:F3} s | {speed} {cpu} |");
    }

    private static string Cpu()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
