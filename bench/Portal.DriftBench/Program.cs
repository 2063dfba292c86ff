using System.Globalization;
using System.Runtime.InteropServices;
using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.DriftBench;

// Usage: Portal.DriftBench --data DIR [--python DIR/python.json] [--out DIR/dotnet.json] [--markdown FILE] [--runs 5] [--tolerance 1e-9]
// Exit code 1 when a statistic differs from Python's by more than the tolerance, 2 on bad arguments.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = new Dictionary<string, string>();
for (var i = 0; i + 1 < args.Length; i += 2) options[args[i].TrimStart('-')] = args[i + 1];
if (!options.TryGetValue("data", out var folder))
{
    Console.Error.WriteLine("usage: Portal.DriftBench --data DIR [--python FILE] [--out FILE] [--markdown FILE] [--runs N] [--tolerance T]");
    return 2;
}
var runs = int.Parse(options.GetValueOrDefault("runs", "5"), CultureInfo.InvariantCulture);
var tolerance = double.Parse(options.GetValueOrDefault("tolerance", "1e-9"), CultureInfo.InvariantCulture);

var data = BenchData.Load(folder);
var runner = new DriftBenchRunner(data);
Console.Error.WriteLine($"Portal: {data.Names.Count} features, {data.ReferenceRows:N0} reference x {data.CurrentRows:N0} current rows, {runs} runs");

// Warm-up: tiered JIT recompiles a method with full optimisation after 30 calls; two rounds of 20 features get there.
for (var i = 0; i < 2; i++)
{
    runner.PrepareReference();
    runner.RunAll();
    runner.RunKolmogorovSmirnovAndWasserstein();
    runner.RunPsiAndJensenShannon();
}
Thread.Sleep(300);

var samples = new Dictionary<string, List<double>>();
void Measure(string name, Action action)
{
    var (wall, cpu) = DriftBenchRunner.Time(action);
    foreach (var (key, value) in new[] { (name + "_s", wall), (name + "_cpu_s", cpu) })
    {
        if (!samples.TryGetValue(key, out var list)) samples[key] = list = [];
        list.Add(value);
    }
}
NumericDriftStatistics[] parallel = [], sequential = [];
for (var r = 0; r < runs; r++)
{
    // Variants interleaved round by round, so a noisy moment on the shared machine hits all of them alike.
    Measure("ref_prep", runner.PrepareReference);
    Measure("all", () => parallel = runner.RunAll());
    Measure("ks_w", () => runner.RunKolmogorovSmirnovAndWasserstein());
    Measure("psi_js", () => runner.RunPsiAndJensenShannon());
    Measure("all_single_thread", () => sequential = runner.RunAll(parallel: false));
    Console.Error.WriteLine("  run " + (r + 1) + ": " + string.Join(" ", samples.Select(s => $"{s.Key}={s.Value[^1]:F3}")));
}
if (!parallel.SequenceEqual(sequential))
{
    Console.Error.WriteLine("Parallel and sequential runs differ.");
    return 1;
}

var timings = samples.ToDictionary(s => s.Key, s => Median(s.Value));
var portal = new StatisticsFile(
    new Dictionary<string, string> { ["dotnet"] = RuntimeInformation.FrameworkDescription },
    data.ReferenceRows, data.CurrentRows,
    parallel.Select(s => new FeatureStatistics(s.Name, s.KsStatistic, s.KsPValue, s.Wasserstein, s.WassersteinNormed, s.Psi, s.JensenShannon)).ToList(),
    timings);
if (options.TryGetValue("out", out var outPath)) portal.Save(outPath);
Console.Error.WriteLine("Portal medians: " + string.Join(" ", timings.Select(t => $"{t.Key}={t.Value:F3}")));

if (!options.TryGetValue("python", out var pythonPath)) return 0;
var python = StatisticsFile.Load(pythonPath);
var agreement = Agreement.Compare(portal.Features, python.Features, tolerance);
var markdown = MarkdownReport.Build(data, python, portal, agreement, samples, tolerance);
Console.WriteLine(markdown);
if (options.TryGetValue("markdown", out var markdownPath)) File.WriteAllText(markdownPath, markdown);
var failures = agreement.SelectMany(a => a.Failures).ToList();
foreach (var failure in failures) Console.Error.WriteLine("MISMATCH " + failure);
return failures.Count == 0 ? 0 : 1;

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
