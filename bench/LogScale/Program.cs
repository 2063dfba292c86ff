// bench/LogScale: the prediction log's reads at 1M-100M rows (issue 19).
//
//   dotnet run -c Release --project bench/LogScale -- [--rows N] [--models 1-3] [--postgres CONNSTR] [--dir FOLDER] [--reuse | --generate-only] [--only WORDS]
//
// --reuse (SQLite, with --dir): time the file a former run left in FOLDER instead of writing a new one (a 100M file
// takes a quarter of an hour or more to generate; the code under test changes more often than the data). The former
// run's clock is read from FOLDER/generated-at.txt, so the windows are the same; migrations added since are applied.
// Retention deletes the file's oldest hours (each run from the oldest left). --generate-only stops after writing.
// --only drift,performance: time only the operations whose label contains one of the comma-separated words.
// The portal's clock is held at the generation's end (generated-at.txt), so drift's window (the last 24 h before "now")
// is the same in every run of a file, however long ago it was generated.
//
// Builds the portal's own services on a fresh SQLite file in FOLDER (default: a temp folder) or on the PostgreSQL
// database CONNSTR (empty), registers 1-3 credit models (default 3) trained on samples/credit_data.csv, each its own
// champion, and writes N predictions (default 100,000,000) over the last 30 days straight into the database
// (SqliteGenerator, PostgresGenerator), a label for 30% of them, and the hourly counters the writer would have kept.
// Then it times, through the portal's stores and services, each the median of 5 runs after a warm-up with the
// process's CPU time per run: a drift run over the newest 200,000 of the champion's (DriftService.PreviewAsync),
// realized performance over one day, the Predictions page's first page (no filter, a model, labelled only),
// the dashboard's counts, an export's first 10,000 rows, a label upload joined to its predictions, and retention
// passes (one hour of the oldest rows each). SQLite: the plans of the queries, the file and WAL sizes around retention.
using System.Diagnostics;
using System.Globalization;
using LogScale;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Data;
using Portal.Web.Extensions;

var rows = 100_000_000L;
var modelCount = 3;
string? postgres = null;
string? dir = null;
var reuse = false;
var generateOnly = false;
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--models": modelCount = Math.Clamp(int.Parse(args[++i], CultureInfo.InvariantCulture), 1, 3); break;
        case "--postgres": postgres = args[++i]; break;
        case "--dir": dir = args[++i]; break;
        case "--reuse": reuse = true; break;
        case "--generate-only": generateOnly = true; break;
        case "--only": only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
        default: Console.Error.WriteLine($"Unknown argument '{args[i]}'; see the comment at the top of bench/LogScale/Program.cs."); return 2;
    }
}

var home = PortalPaths.FindHome(AppContext.BaseDirectory, Environment.CurrentDirectory);
var root = dir is null ? Directory.CreateTempSubdirectory("portal-logscale").FullName : Directory.CreateDirectory(dir).FullName;
var dbFile = Path.Combine(root, "portal.db");
var generatedAt = Path.Combine(root, "generated-at.txt");
reuse = reuse && postgres is null && File.Exists(dbFile) && File.Exists(generatedAt);
if (postgres is null && File.Exists(dbFile) && !reuse) throw new InvalidOperationException($"{dbFile} exists; the bench writes a fresh file.");
var connectionString = postgres ?? $"Data Source={dbFile}";
var capture = new CommandCapture();
var services = new ServiceCollection();
var now = reuse ? DateTimeOffset.Parse(File.ReadAllText(generatedAt).Trim(), CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow;
services.AddSingleton<TimeProvider>(new BenchClock(now));
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(capture));
services.AddPortalServices(new PortalPaths
{
    Home = home,
    DataPath = root,
    ModelsPath = Path.Combine(root, "models"),
    ConnectionString = connectionString,
    Provider = postgres is null ? DatabaseProvider.Sqlite : DatabaseProvider.Postgres,
});
#pragma warning disable ASP0000 // a console tool: this provider is the only one
await using var provider = services.BuildServiceProvider();
#pragma warning restore ASP0000
await provider.MigratePortalDatabaseAsync();

var csv = Path.Combine(home, "samples", "credit_data.csv");
var models = new[] { "credit-a", "credit-b", "credit-c" }[..modelCount];
var registry = provider.GetRequiredService<IModelRegistry>();
var log = new SyntheticLog(rows, models, SyntheticLog.ReadInputs(csv, "Status"), now);
if (reuse)
{
    Console.WriteLine($"# {rows:N0} predictions (reused: {dbFile}, generated at {now:O}), {models.Length} model(s), SQLite");
    Console.WriteLine();
}
else
{
    // Models: trained on the credit sample, registered with it as their dataset (drift's reference), each its own champion.
    DatasetInfo dataset;
    await using (var file = File.OpenRead(csv)) dataset = await provider.GetRequiredService<DatasetService>().ImportAsync(file, "credit_data.csv", "credit", "bench");
    CsvTable table;
    await using (var file = File.OpenRead(csv)) table = CsvTableReader.Read(file);
    var trained = new ModelTrainer().Train(table, new TrainingRequest(dataset.Id, "Status", "bad", TrainerKind.FastTree, 0.2, 1, new Dictionary<string, double> { ["numberOfTrees"] = 20 }));
    var artefacts = provider.GetRequiredService<ArtefactStore>();
    foreach (var name in models)
    {
        await registry.AddVersionAsync(
            new NewModelVersion(name, "bench", TrainerKind.FastTree, trained.Options, dataset.Id, dataset.Sha256, "Status", trained.PositiveClass, trained.NegativeClass, trained.Schema, trained.Evaluation, null),
            (version, ct) => artefacts.WriteAsync(name, version, trained.Artefact, ct));
        await registry.SetAliasAsync(name, ModelAliases.Champion, 1, "bench", "seed");
    }

    var generate = Stopwatch.StartNew();
    var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    void Progress(long n)
    {
        if (n % 10_000_000 == 0) Console.Error.WriteLine($"{n:N0} rows in {generate.Elapsed.TotalSeconds:0} s");
    }

    if (postgres is null) SqliteGenerator.Write(connectionString, log, Progress);
    else PostgresGenerator.Write(connectionString, log, Progress);
    var seconds = generate.Elapsed.TotalSeconds;
    Console.WriteLine($"# {rows:N0} predictions, {models.Length} model(s), {(postgres is null ? "SQLite" : "PostgreSQL")}");
    Console.WriteLine();
    Console.WriteLine($"Generated in {seconds:0.0} s ({rows / seconds:N0} rows/s, bench CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds:0} s)" +
        (postgres is null ? $"; file {Size(dbFile)} ({root})." : "."));
    Console.WriteLine();
    File.WriteAllText(generatedAt, now.ToString("O", CultureInfo.InvariantCulture));
    if (generateOnly) return 0;
}

var predictions = provider.GetRequiredService<IPredictionStore>();
var drift = provider.GetRequiredService<DriftService>();
var performance = provider.GetRequiredService<PerformanceService>();
var labels = provider.GetRequiredService<ILabelStore>();
var model = models[0];
var plans = new List<(string Label, List<string> Sql)>();
Console.WriteLine("| operation | median ms | min ms | max ms | CPU ms per run | result |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | --- |");
await MeasureAsync("drift, newest 200,000 of the champion's last 24 h", async () =>
{
    var outcome = await drift.PreviewAsync(model);
    return outcome.Run is { } run ? $"{run.Rows:N0} rows, {run.Status}" : outcome.Message ?? "failed";
});
// Drift's parts: the window's read, and the parse of what it read into columns (the rest is the statistics).
var schema = (await registry.GetModelAsync(model))!.Versions[0].Schema;
PredictionInputs window = new();
await MeasureAsync("drift's read alone (ListInputsAsync, newest 200,000 of the last 24 h)", async () =>
{
    window = await predictions.ListInputsAsync(model, 1, now.AddDays(-1), now, drift.Settings.MaxRows);
    return $"{window.Count:N0} rows";
});
DriftColumns? columns = null;
await MeasureAsync("drift's parse alone (DriftInputParser.Parse of those rows)", () =>
{
    columns = DriftInputParser.Parse(window, schema);
    return Task.FromResult($"{columns.Rows:N0} rows");
});
if (columns is not null)
{
    DriftReference reference;
    await using (var file = File.OpenRead(csv)) reference = ReferenceProfileBuilder.Build(file, schema);
    await MeasureAsync("drift's statistics alone (DriftService.Compute of those columns)", () =>
        Task.FromResult($"{DriftService.Compute(reference, columns).Features.Count} features"));
}
await MeasureAsync("realized performance over one day", async () =>
{
    var report = await performance.GetAsync(model, now.AddDays(-1), now, RealizedPerformance.Day);
    var total = report?.Versions.FirstOrDefault()?.Total;
    return total is null ? "none" : $"{total.Predictions:N0} predictions, {total.Labelled:N0} labelled";
});
await MeasureAsync("realized performance over one day, with the estimate (the model page's tab)", async () =>
{
    var report = await performance.GetAsync(model, now.AddDays(-1), now, RealizedPerformance.Day, estimated: true);
    var total = report?.Versions.FirstOrDefault()?.Total;
    return total is null ? "none" : $"{total.Predictions:N0} predictions, {total.Labelled:N0} labelled";
});
// Their parts: the reads (labels and counters; every served score), the rest is the registry and the metrics.
await MeasureAsync("realized performance's read alone (GetRealizedOutcomesAsync, one day)", async () =>
    $"{(await predictions.GetRealizedOutcomesAsync(model, now.AddDays(-1), now, RealizedPerformance.Day)).Labelled.Count:N0} labelled");
await MeasureAsync("the estimate's read alone (GetScoresAsync, one day)", async () =>
    $"{(await predictions.GetScoresAsync(model, now.AddDays(-1), now)).Count:N0} predictions");
await MeasureAsync("Predictions page, first page, no filter", async () => $"total {(await predictions.QueryAsync(new PredictionQuery(Take: 25))).Total:N0}");
await MeasureAsync("Predictions page, first page, one model", async () => $"total {(await predictions.QueryAsync(new PredictionQuery(model, Take: 25))).Total:N0}");
await MeasureAsync("Predictions page, first page, one model, last 24 h", async () =>
    $"total {(await predictions.QueryAsync(new PredictionQuery(model, From: now.AddDays(-1).AddMinutes(-7), To: now.AddMinutes(1), Take: 25))).Total:N0}");
await MeasureAsync("Predictions page, first page, labelled only, one model", async () => $"total {(await predictions.QueryAsync(new PredictionQuery(model, Labelled: true, Take: 25))).Total:N0}");
await MeasureAsync("dashboard counts (every model and all)", async () =>
{
    var counts = new List<long>();
    foreach (var m in models) counts.Add(await predictions.CountAsync(m));
    counts.Add(await predictions.CountAsync());
    return string.Join(" / ", counts.Select(c => c.ToString("N0", CultureInfo.InvariantCulture)));
});
await MeasureAsync("export, first 10,000 rows (the export's stream)", async () =>
{
    var n = 0;
    await foreach (var _ in predictions.StreamAsync(new PredictionQuery(Model: model, Take: int.MaxValue)))
        if (++n == 10_000) break;
    return $"{n:N0} rows";
});
// A label upload's join: 1,000 labels for predictions spread over the month, found by id and upserted.
var newest = (await predictions.QueryAsync(new PredictionQuery(model, Take: 1000))).Items.Select(x => x.Prediction.Id).ToList();
await MeasureAsync("label upload, 1,000 labels joined to their predictions", async () =>
{
    await labels.UpsertAsync(newest.Select(id => new LabelRecord(id, "bad", null, "bench", now, "bench")).ToList());
    return $"{newest.Count:N0} labels";
});
var fileBefore = postgres is null ? Sizes(dbFile) : "";
// From the oldest hour still there (a reused file's former runs deleted theirs).
var oldest = log.Start;
if (postgres is null)
{
    await using var connection = new SqliteConnection(connectionString);
    await connection.OpenAsync();
    await using var min = connection.CreateCommand();
    min.CommandText = "SELECT MIN(\"Key\") FROM Predictions";
    if (await min.ExecuteScalarAsync() is long key)
        oldest = DateTimeOffset.FromUnixTimeMilliseconds(key >> PredictionIds.SequenceBits);
}

var hour = 0;
await MeasureAsync("retention pass, oldest hour (10,000-row transactions)", async () =>
{
    hour++;
    return $"{await predictions.DeleteOlderThanAsync(oldest.AddHours(hour)):N0} deleted";
});

if (postgres is null)
{
    Console.WriteLine();
    Console.WriteLine($"Retention of 6 hours: file before {fileBefore}; after {Sizes(dbFile)}.");
    await using (var connection = new SqliteConnection(connectionString))
    {
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync();
        checkpoint.CommandText = "PRAGMA freelist_count";
        Console.WriteLine($"After PRAGMA wal_checkpoint(TRUNCATE): {Sizes(dbFile)}; free pages {await checkpoint.ExecuteScalarAsync()} (reused by the next inserts; only VACUUM returns them).");
    }

    Console.WriteLine();
    Console.WriteLine("## Plans (EXPLAIN QUERY PLAN of the SQL the stores ran)");
    await using var connection2 = new SqliteConnection(connectionString);
    await connection2.OpenAsync();
    foreach (var (label, commands) in plans)
    {
        foreach (var sql in commands.Distinct())
        {
            await using var explain = connection2.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            var lines = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) lines.Add(reader.GetString(3));
            Console.WriteLine();
            Console.WriteLine($"{label}:");
            // Lists of bound ids shortened: their plan is the same for any length.
            var shown = System.Text.RegularExpressions.Regex.Replace(sql, @"(@\w+?)1, (@\w+?\d+, )+@\w+?\d+", "$1 1, ...");
            Console.WriteLine("    " + shown.Replace("\n", "\n    ", StringComparison.Ordinal));
            foreach (var line in lines) Console.WriteLine("    -> " + line);
        }
    }
}

if (dir is null) Directory.Delete(root, recursive: true);
return 0;

async Task MeasureAsync(string label, Func<Task<string>> run)
{
    const int Runs = 5;
    if (only is not null && !only.Any(word => label.Contains(word, StringComparison.OrdinalIgnoreCase))) return;
    capture.Take();
    capture.Enabled = true;
    var result = await run(); // warm-up: JIT, caches; its SQL is the plan printed
    capture.Enabled = false;
    plans.Add((label, capture.Take()));
    var times = new List<double>();
    // CPU of this process (SQLite runs in it); on PostgreSQL the server's CPU is not in it.
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    for (var i = 0; i < Runs; i++)
    {
        var watch = Stopwatch.StartNew();
        result = await run();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    var cpuPerRun = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Runs;
    times.Sort();
    Console.WriteLine($"| {label} | {times[Runs / 2]:0.0} | {times[0]:0.0} | {times[^1]:0.0} | {cpuPerRun:0} | {result} |");
}

static string Size(string path) => File.Exists(path) ? $"{new FileInfo(path).Length / 1048576.0:N0} MB" : "none";

static string Sizes(string db) => $"{Size(db)} + WAL {Size(db + "-wal")}";
