using System.Diagnostics;
using System.Globalization;
using System.Text;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Bench;

/// <summary>
/// What an active rollout costs the predict path, in process (not BenchmarkDotNet: the modes must alternate within one
/// run so a busy period of a shared machine hits each alike). The demo model (credit-risk, FastTree 100 trees) is the
/// champion; a second version trained on another split is the candidate. Modes: no rollout, an A/B rollout at 50/50
/// with a sticky key per request, and a shadow rollout whose candidate scores every request off the response path
/// through the real <see cref="ShadowQueue"/> and a worker like ShadowScoringWorker. The prediction log is on and
/// drained by a thread that discards the records (the app's writer would also store them: see the results' notes).
///
///   dotnet run -c Release --project bench/Portal.Bench -- rollout-serving [--seconds 5] [--rounds 3] [--rate 1000] [--latency-seconds 10]
///
/// 1. Throughput: one thread per core calls PredictionService.Predict on the single-row bodies as fast as it can for
///    --seconds; rounds of none, ab, none, shadow. 2. Latency: an open-loop schedule of --rate requests per second
///    (request i due at start + i/rate, run on the thread pool), each latency taken from its scheduled time, as
///    bench/LoadGen measures over HTTP; modes alternated the same way.
/// </summary>
public static class RolloutServingBench
{
    private const string Model = "credit-risk";

    public static int Run(string[] args)
    {
        var seconds = Arg(args, "--seconds", 5.0);
        var rounds = (int)Arg(args, "--rounds", 3.0);
        var rate = Arg(args, "--rate", 1000.0);
        var latencySeconds = Arg(args, "--latency-seconds", 10.0);

        Console.WriteLine($"{DateTime.UtcNow:u}  cores {Environment.ProcessorCount}  .NET {Environment.Version}  load average {LoadAverage()}");
        var root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-rollout-bench", Guid.NewGuid().ToString("N"))).FullName;
        try
        {
            var setup = Setup(root);
            var modes = new (string Name, Action Start)[]
            {
                ("none", () => setup.Server.EndRollout(Model)),
                ("ab", () => setup.Server.StartRollout(Rollout(RolloutKind.Ab), setup.Candidate)),
                ("none", () => setup.Server.EndRollout(Model)),
                ("shadow", () => setup.Server.StartRollout(Rollout(RolloutKind.Shadow), setup.Candidate)),
            };

            Console.WriteLine("warm-up: 3 s per mode");
            foreach (var (_, start) in modes) { start(); Throughput(setup, 3); }

            var rps = new Dictionary<string, List<double>>();
            for (var round = 1; round <= rounds; round++)
                foreach (var (name, start) in modes)
                {
                    start();
                    var r = Throughput(setup, seconds);
                    (rps.TryGetValue(name, out var list) ? list : rps[name] = []).Add(r);
                    var counts = setup.Server.RolloutOf(Model)?.Stats.Snapshot();
                    Console.WriteLine($"throughput round {round} {name,-6} {r,10:F0} predictions/s" + (counts is null ? "" : $"   {counts}"));
                }

            var none = Median(rps["none"]);
            Console.WriteLine();
            Console.WriteLine($"throughput medians: none {none:F0}/s, ab {Median(rps["ab"]):F0}/s ({Median(rps["ab"]) / none:F3}x), shadow {Median(rps["shadow"]):F0}/s ({Median(rps["shadow"]) / none:F3}x)");

            var p99 = new Dictionary<string, List<double>>();
            for (var round = 1; round <= Math.Max(1, rounds - 1); round++)
                foreach (var (name, start) in modes)
                {
                    start();
                    var (p50, p, p999, max, late) = Latency(setup, rate, latencySeconds);
                    (p99.TryGetValue(name, out var list) ? list : p99[name] = []).Add(p);
                    var counts = setup.Server.RolloutOf(Model)?.Stats.Snapshot();
                    Console.WriteLine($"latency round {round} {name,-6} at {rate}/s: p50 {p50:F3} ms  p99 {p:F3} ms  p99.9 {p999:F3} ms  max {max:F3} ms  (worst send lateness {late:F3} ms)"
                        + (counts is null ? "" : $"   {counts}"));
                }

            Console.WriteLine();
            Console.WriteLine($"latency p99 medians at {rate}/s: none {Median(p99["none"]):F3} ms, ab {Median(p99["ab"]):F3} ms, shadow {Median(p99["shadow"]):F3} ms");
            Console.WriteLine($"prediction log: enqueued {setup.Log.Enqueued}, dropped {setup.Log.Dropped}");
            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed record Served(ModelServer Server, ServedModel Candidate, PredictionService Predictions, PredictionLog Log, byte[][] Bodies, string[] Keys);

    private static Served Setup(string root)
    {
        Console.WriteLine("training the champion (credit-risk, default options) and a candidate (another split)");
        var table = ReadTable();
        var champion = new ModelTrainer().Train(table, new TrainingRequest(1, "Status", "bad"));
        var candidate = new ModelTrainer().Train(table, new TrainingRequest(1, "Status", "bad", Seed: 7));
        var artefacts = new ArtefactStore(root);
        var server = new ModelServer(artefacts, TimeProvider.System);
        server.Activate(Register(artefacts, 1, champion), ModelAliases.Champion);
        var v2 = Register(artefacts, 2, candidate);
        server.Track(v2);
        var loaded = server.Load(v2);
        Console.WriteLine($"champion scorer: {server.Find(Model, null, null).Value!.ScorerNote}; candidate scorer: {loaded.ScorerNote}");

        var log = new PredictionLog(100_000);
        new Thread(() =>
        {
            var batch = new List<PredictionRecord>(1000);
            while (log.WaitToRead(CancellationToken.None)) { batch.Clear(); log.ReadBatch(batch, 1000); }
        }) { IsBackground = true, Name = "log-drain" }.Start();

        var shadow = new ShadowQueue(10_000);
        var predictions = new PredictionService(server, log, TimeProvider.System, shadow: shadow);
        _ = Task.Run(async () =>
        {
            // As ShadowScoringWorker does it.
            while (await shadow.Reader.WaitToReadAsync())
                while (shadow.Reader.TryRead(out var request)) predictions.ScoreShadow(request);
        });

        var lines = File.ReadAllLines(SamplePath("credit_data.csv"));
        var names = lines[0].Split(',');
        var bodies = lines.Skip(1).Take(1000).Select(line =>
        {
            var cells = line.Split(',');
            var features = names.Zip(cells).Where(p => p.First != "\"Status\"").Select(p => $"{p.First}:{(p.Second.Length == 0 ? "null" : p.Second)}");
            return Encoding.UTF8.GetBytes("{" + string.Join(",", features) + "}");
        }).ToArray();
        var keys = Enumerable.Range(0, 10_000).Select(i => $"customer-{i:D7}").ToArray();
        return new Served(server, loaded, predictions, log, bodies, keys);
    }

    private static Rollout Rollout(RolloutKind kind) =>
        new(Guid.NewGuid(), Model, 1, new RolloutPlan(kind, 2, Weights: kind == RolloutKind.Ab ? new RolloutWeights(50, 50) : null).WithDefaults(),
            RolloutState.Running, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null, null, "bench");

    private static double Throughput(Served s, double seconds)
    {
        var threads = Environment.ProcessorCount;
        var counts = new long[threads];
        var stop = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            long n = 0;
            for (var i = t; Stopwatch.GetTimestamp() < stop; i += threads, n++)
            {
                var outcome = s.Predictions.Predict(Model, null, null, s.Bodies[i % s.Bodies.Length], s.Keys[i % s.Keys.Length]);
                if (outcome.Value is null) throw new InvalidOperationException(outcome.Message);
            }

            counts[t] = n;
        });
        return counts.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static (double P50, double P99, double P999, double Max, double LateMs) Latency(Served s, double rate, double seconds)
    {
        var total = (int)(rate * seconds);
        var latencies = new double[total];
        var done = new CountdownEvent(total);
        var period = Stopwatch.Frequency / rate;
        long late = 0;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * period);
            var now = Stopwatch.GetTimestamp();
            while (now < due)
            {
                if (due - now > Stopwatch.Frequency / 2000) Thread.Sleep(0); else Thread.SpinWait(20);
                now = Stopwatch.GetTimestamp();
            }

            late = Math.Max(late, now - due);
            var index = i;
            ThreadPool.UnsafeQueueUserWorkItem(_ =>
            {
                s.Predictions.Predict(Model, null, null, s.Bodies[index % s.Bodies.Length], s.Keys[index % s.Keys.Length]);
                latencies[index] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
                done.Signal();
            }, null);
        }

        done.Wait();
        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(total - 1, (int)Math.Ceiling(q * total) - 1)];
        return (P(0.5), P(0.99), P(0.999), latencies[^1], late * 1000.0 / Stopwatch.Frequency);
    }

    private static ModelVersionInfo Register(ArtefactStore artefacts, int version, TrainedModel model)
    {
        var stored = artefacts.WriteAsync(Model, version, model.Artefact).GetAwaiter().GetResult();
        return new ModelVersionInfo(Model, version, DateTimeOffset.UnixEpoch, "bench", TrainerKind.FastTree, new Dictionary<string, double>(), null, null,
            "Status", model.PositiveClass, model.NegativeClass, model.Schema, model.Evaluation, stored.Key, stored.Sha256, [], ModelStage.None, null);
    }

    private static Portal.Core.Datasets.CsvTable ReadTable()
    {
        using var stream = File.OpenRead(SamplePath("credit_data.csv"));
        return Portal.Core.Datasets.CsvTableReader.Read(stream);
    }

    private static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", file);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"samples/{file} was not found above {AppContext.BaseDirectory}.");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Arg(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? double.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
