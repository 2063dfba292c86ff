using System.Text;
using BenchmarkDotNet.Attributes;
using Portal.Core.Datasets;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Bench;

/// <summary>
/// What an ensemble costs on the predict path: <see cref="PredictionService.Predict"/> of one credit-risk row pinned to one
/// version (FastTree, 100 trees), to an ensemble of two (that one and a FastTree of another seed) and of three (plus a
/// logistic regression), loaded by <see cref="ModelServer"/> as the portal loads them. Binding, range checks and the
/// prediction log's append are included (a thread drains the log); rows rotate through the dataset.
/// </summary>
[MemoryDiagnoser]
public class EnsembleBenchmarks
{
    private const string Model = "credit-risk";
    private static readonly int[] ServedVersions = [1, 4, 5];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-bench-ensemble-" + Guid.NewGuid().ToString("N"));
    private PredictionService _predictions = null!;
    private PredictionLog _log = null!;
    private byte[][] _bodies = null!;
    private ModelInput[] _rows = null!;
    private ServedModel[] _served = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        using var stream = File.OpenRead(SamplePath("credit_data.csv"));
        var table = CsvTableReader.Read(stream);
        var trainer = new ModelTrainer();
        var artefacts = new ArtefactStore(_root);
        var server = new ModelServer(artefacts, TimeProvider.System);
        var v1 = Register(artefacts, 1, trainer.Train(table, new TrainingRequest(1, "Status", "bad")), TrainerKind.FastTree);
        var v2 = Register(artefacts, 2, trainer.Train(table, new TrainingRequest(1, "Status", "bad", Seed: 7)), TrainerKind.FastTree);
        var v3 = Register(artefacts, 3, trainer.Train(table, new TrainingRequest(1, "Status", "bad", TrainerKind.LogisticRegression)), TrainerKind.LogisticRegression);
        foreach (var v in new[] { v1, v2, v3 }) server.Track(v);
        server.Track(Ensemble(artefacts, v1, 4, 1, 2));
        server.Track(Ensemble(artefacts, v1, 5, 1, 2, 3));
        _served = ServedVersions.Select(version => server.Find(Model, null, version).Value!).ToArray();
        foreach (var served in _served) Console.WriteLine($"// v{served.Version}: {served.ScorerNote}");
        var columns = v1.Schema.Features.Select(f => table.IndexOf(f.Name)).ToArray();
        _rows = table.Rows.Take(1000).Select(cells =>
        {
            var row = ModelInput.For(v1.Schema);
            FeatureValueEncoder.Fill(v1.Schema, i => cells[columns[i]], row);
            return row;
        }).ToArray();

        _log = new PredictionLog(100_000);
        new Thread(() =>
        {
            var batch = new List<PredictionRecord>(1000);
            while (_log.WaitToRead(CancellationToken.None)) { batch.Clear(); _log.ReadBatch(batch, 1000); }
        }) { IsBackground = true, Name = "log-drain" }.Start();
        _predictions = new PredictionService(server, _log, TimeProvider.System);

        var lines = File.ReadAllLines(SamplePath("credit_data.csv"));
        var names = lines[0].Split(',');
        _bodies = lines.Skip(1).Take(1000).Select(line =>
        {
            var cells = line.Split(',');
            var features = names.Zip(cells).Where(p => p.First != "\"Status\"").Select(p => $"{p.First}:{(p.Second.Length == 0 ? "null" : p.Second)}");
            return Encoding.UTF8.GetBytes("{" + string.Join(",", features) + "}");
        }).ToArray();
    }

    /// <summary>
    /// The same six measurements alternated round by round (BenchmarkDotNet runs one after the other, so load from other
    /// processes lands on some and not others): the best per-call time over the rounds for each, in ns.
    /// </summary>
    public static int Alternated(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 40;
        const int calls = 2000;
        var b = new EnsembleBenchmarks();
        b.Setup();
        var modes = new (string Name, Func<double> Call)[]
        {
            ("predict: one version", b.One), ("predict: ensemble of 2", b.Two), ("predict: ensemble of 3", b.Three),
            ("lease score: one version", () => b.ScoreOne()), ("lease score: ensemble of 2", () => b.ScoreTwo()), ("lease score: ensemble of 3", () => b.ScoreThree()),
        };
        var best = Enumerable.Repeat(double.MaxValue, modes.Length).ToArray();
        var allocated = new long[modes.Length];
        double sink = 0;
        for (var round = 0; round < rounds; round++)
        {
            for (var m = 0; m < modes.Length; m++)
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                var start = System.Diagnostics.Stopwatch.GetTimestamp();
                for (var i = 0; i < calls; i++) sink += modes[m].Call();
                var ns = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
                allocated[m] = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;
                best[m] = Math.Min(best[m], ns);
            }
        }

        Console.WriteLine($"| mode | best ns/call over {rounds} rounds of {calls} | vs one version | allocated B/call |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        for (var m = 0; m < modes.Length; m++)
            Console.WriteLine(System.FormattableString.Invariant($"| {modes[m].Name} | {best[m]:0} | {best[m] / best[m < 3 ? 0 : 3]:0.00}x | {allocated[m]} |"));
        b.Cleanup();
        return sink > 0 ? 0 : 1;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.Complete();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "One version (v1)")]
    public double One() => Predict(1);

    [Benchmark(Description = "Ensemble of 2 (v1, v2)")]
    public double Two() => Predict(4);

    [Benchmark(Description = "Ensemble of 3 (v1, v2, v3)")]
    public double Three() => Predict(5);

    [Benchmark(Description = "Lease score only: one version")]
    public float ScoreOne() => Score(_served[0]);

    [Benchmark(Description = "Lease score only: ensemble of 2")]
    public float ScoreTwo() => Score(_served[1]);

    [Benchmark(Description = "Lease score only: ensemble of 3")]
    public float ScoreThree() => Score(_served[2]);

    /// <summary>What the predict path does around the scorer, without the JSON: rent, fill the row, score, return.</summary>
    private float Score(ServedModel served)
    {
        var row = _rows[_next];
        _next = _next + 1 == _rows.Length ? 0 : _next + 1;
        var lease = served.Rent();
        row.Numeric.AsSpan().CopyTo(lease.Input.Numeric);
        row.Categorical.AsSpan().CopyTo(lease.Input.Categorical);
        var p = lease.Score();
        served.Return(lease);
        return p;
    }

    private double Predict(int version)
    {
        var body = _bodies[_next];
        _next = _next + 1 == _bodies.Length ? 0 : _next + 1;
        return _predictions.Predict(Model, null, version, body).Value!.Probability;
    }

    /// <summary>samples/ of the repository, found by walking up from the benchmark's binaries.</summary>
    private static string SamplePath(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "samples", file);
            if (File.Exists(path)) return path;
        }

        throw new FileNotFoundException($"samples/{file} was not found above {AppContext.BaseDirectory}.");
    }

    private static ModelVersionInfo Register(ArtefactStore artefacts, int version, TrainedModel model, TrainerKind trainer)
    {
        var stored = artefacts.WriteAsync(Model, version, model.Artefact).GetAwaiter().GetResult();
        return new ModelVersionInfo(Model, version, DateTimeOffset.UnixEpoch, "bench", trainer, new Dictionary<string, double>(), null, null,
            "Status", model.PositiveClass, model.NegativeClass, model.Schema, model.Evaluation, stored.Key, stored.Sha256, [], ModelStage.None, null);
    }

    private static ModelVersionInfo Ensemble(ArtefactStore artefacts, ModelVersionInfo like, int version, params int[] components)
    {
        var manifest = new EnsembleManifest(Model, components.Select(c => new EnsembleComponent(c, 1, "bench", null, null, null)).ToList(), null, null, null, null);
        var stored = artefacts.WriteAsync(Model, version, manifest.ToBytes()).GetAwaiter().GetResult();
        return like with { Version = version, Trainer = TrainerKind.Ensemble, ArtefactKey = stored.Key, Sha256 = stored.Sha256, Source = VersionSources.Ensemble };
    }
}
