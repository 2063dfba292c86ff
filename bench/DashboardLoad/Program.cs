// bench/DashboardLoad: what the dashboard's data load costs on a busy registry, outside the browser.
//
//   dotnet run -c Release --project bench/DashboardLoad [-- MODELS ROWS]
//
// Builds the portal's own services on a temporary SQLite file, registers MODELS models (default 5), each with a
// champion, and seeds ROWS predictions per model (default 100,000) over the last 7 days, every one labelled, through
// the portal's own stores. Then it times the dashboard's data load (registry, serving status, 7-day realized AUC and
// prediction count per model) 5 times after one warm-up and prints the median and the range: "uncached" is the load as it was before
// the status cache (every part read each time), "cached" the load the page makes now within the cache's 30 s.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Datasets;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Data;
using Portal.Web.Extensions;

var models = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var home = PortalPaths.FindHome(AppContext.BaseDirectory, Environment.CurrentDirectory);
var root = Directory.CreateTempSubdirectory("portal-dashboard").FullName;
var services = new ServiceCollection();
services.AddLogging();
services.AddPortalServices(new PortalPaths
{
    Home = home,
    DataPath = root,
    ModelsPath = Path.Combine(root, "models"),
    ConnectionString = $"Data Source={Path.Combine(root, "portal.db")}",
});
#pragma warning disable ASP0000 // a console tool: this provider is the only one
await using var provider = services.BuildServiceProvider();
#pragma warning restore ASP0000
await provider.MigratePortalDatabaseAsync();

var seed = Stopwatch.StartNew();
CsvTable table;
await using (var file = File.OpenRead(Path.Combine(home, "samples", "breast_cancer.csv"))) table = CsvTableReader.Read(file);
var trained = new ModelTrainer().Train(table, new TrainingRequest(1, "diagnosis", "malignant", TrainerKind.FastTree, 0.2, 1, new Dictionary<string, double> { ["numberOfTrees"] = 5 }));
var registry = provider.GetRequiredService<IModelRegistry>();
var artefacts = provider.GetRequiredService<ArtefactStore>();
var predictions = provider.GetRequiredService<IPredictionStore>();
var labels = provider.GetRequiredService<ILabelStore>();
var now = DateTimeOffset.UtcNow;
var random = new Random(1);
var inputs = Encoding.UTF8.GetBytes("""{"mean_radius":14.1,"mean_texture":19.3,"mean_perimeter":92.0,"mean_area":655.0,"mean_smoothness":0.096}""");
for (var m = 0; m < models; m++)
{
    var name = $"model-{m}";
    await registry.AddVersionAsync(
        new NewModelVersion(name, "bench", TrainerKind.FastTree, trained.Options, null, null, "diagnosis", trained.PositiveClass, trained.NegativeClass, trained.Schema, trained.Evaluation, null),
        (version, ct) => artefacts.WriteAsync(name, version, trained.Artefact, ct));
    await registry.SetAliasAsync(name, ModelAliases.Champion, 1, "bench", "seed");
    for (var start = 0; start < rows; start += 5_000)
    {
        var batch = new List<PredictionRecord>();
        var batchLabels = new List<LabelRecord>();
        for (var i = start; i < Math.Min(rows, start + 5_000); i++)
        {
            var at = now - TimeSpan.FromDays(7) * ((rows - i) / (double)rows) + TimeSpan.FromSeconds(1);
            var probability = random.NextDouble();
            var id = PredictionIds.Next(at);
            batch.Add(new PredictionRecord(id, name, 1, ModelAliases.Champion, inputs, probability >= 0.5 ? "malignant" : "benign", probability, 1.0, at));
            // Labels that agree with the score most of the time: a realized AUC of about 0.8.
            var positive = random.NextDouble() < (0.2 + 0.6 * probability);
            batchLabels.Add(new LabelRecord(id, positive ? "malignant" : "benign", at, "bench", now, "bench"));
        }

        await predictions.AddBatchAsync(batch);
        await labels.UpsertAsync(batchLabels);
    }
}

Console.WriteLine($"Seeded {models} models x {rows:N0} labelled predictions in {seed.Elapsed.TotalSeconds:0.0} s ({root}).");
Console.WriteLine();
Console.WriteLine("| load | median ms | min ms | max ms | CPU ms per load |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
await MeasureAsync("uncached (every part read each time, as before)", () => UncachedAsync(provider));
var cache = provider.GetRequiredService<ModelActivityCache>();
await MeasureAsync("now, cache empty or expired (every 30 s, or after labels)", () => { cache.Invalidate(); return CachedAsync(provider); });
await MeasureAsync("now, within 30 s of the last read", () => CachedAsync(provider));
Directory.Delete(root, recursive: true);

static async Task MeasureAsync(string label, Func<Task> load)
{
    const int Runs = 5;
    await load(); // JIT and SQLite page cache
    var times = new List<double>();
    // Process CPU time as well: on a shared machine the wall time says more about the neighbours than about the load.
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        await load();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var cpuPerLoad = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Runs;
    times.Sort();
    Console.WriteLine($"| {label} | {times[Runs / 2]:0.0} | {times[0]:0.0} | {times[^1]:0.0} | {cpuPerLoad:0.0} |");
}

// What DashboardPage.LoadAsync read for every model on every load before the cache.
static async Task UncachedAsync(IServiceProvider provider)
{
    var registry = provider.GetRequiredService<IModelRegistry>();
    var statuses = provider.GetRequiredService<ModelStatusReader>();
    var performance = provider.GetRequiredService<PerformanceService>();
    var predictions = provider.GetRequiredService<IPredictionStore>();
    foreach (var summary in await registry.ListModelsAsync())
    {
        var champion = summary.ChampionVersion is { } v ? await registry.GetVersionAsync(summary.Name, v) : null;
        _ = statuses.Read(summary.Name);
        var end = DateTimeOffset.UtcNow;
        _ = champion is null ? null
            : (await performance.GetAsync(summary.Name, end - PerformanceService.DefaultWindow, end, RealizedPerformance.Day))?.Versions
                .FirstOrDefault(p => p.Version == champion.Version)?.Total;
        _ = await predictions.CountAsync(summary.Name);
    }
}

// What DashboardPage.LoadAsync reads now: the activity through the cache.
static async Task CachedAsync(IServiceProvider provider)
{
    var registry = provider.GetRequiredService<IModelRegistry>();
    var statuses = provider.GetRequiredService<ModelStatusReader>();
    var activity = provider.GetRequiredService<ModelActivityCache>();
    foreach (var summary in await registry.ListModelsAsync())
    {
        var champion = summary.ChampionVersion is { } v ? await registry.GetVersionAsync(summary.Name, v) : null;
        _ = statuses.Read(summary.Name);
        _ = await activity.GetAsync(summary.Name, champion?.Version);
    }
}
