using System.Text.Json;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Predictions;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Serving;

/// <summary>The hot-swappable serving pool: verified loads, atomic swaps, the old engine kept on failure.</summary>
public sealed class ModelServerTests : IDisposable
{
    private static readonly Lazy<TrainedModel> Trained = new(() =>
        new ModelTrainer().Train(SampleTables.Sample("breast_cancer.csv"), TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 20 })));

    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-serving", Guid.NewGuid().ToString("N"))).FullName;
    private readonly ArtefactStore _artefacts;
    private readonly ModelServer _server;

    public ModelServerTests()
    {
        _artefacts = new ArtefactStore(_root);
        _server = new ModelServer(_artefacts, TimeProvider.System);
    }

    private async Task<ModelVersionInfo> RegisterAsync(int version)
    {
        var model = Trained.Value;
        var stored = await _artefacts.WriteAsync("cancer", version, model.Artefact);
        return new ModelVersionInfo("cancer", version, DateTimeOffset.UnixEpoch, "t", TrainerKind.FastTree, new Dictionary<string, double>(), null, null,
            "diagnosis", model.PositiveClass, model.NegativeClass, model.Schema, model.Evaluation, stored.Key, stored.Sha256, [], ModelStage.None, null);
    }

    private static JsonElement Row()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).Select(l => l.Split(',')).ToArray();
        return JsonSerializer.SerializeToElement(lines[0].Zip(lines[1]).Where(p => p.First != "diagnosis").ToDictionary(p => p.First, p => double.Parse(p.Second, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Activate_TamperedArtefact_IsRefusedAndTheChampionKeepsServing()
    {
        _server.Activate(await RegisterAsync(1), ModelAliases.Champion);
        var v2 = await RegisterAsync(2);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(_artefacts.Root, v2.ArtefactKey));
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(Path.Combine(_artefacts.Root, v2.ArtefactKey), bytes);

        var error = Assert.Throws<ArtefactIntegrityException>(() => _server.Activate(v2, ModelAliases.Champion));

        Assert.Contains("SHA-256", error.Message);
        Assert.Equal(1, _server.Find("cancer", null, null).Value!.Version);
    }

    [Fact]
    public async Task Load_TruncatedOrForeignFile_WithMatchingHash_IsRefusedAsNotAModel()
    {
        var v1 = await RegisterAsync(1);
        var truncated = (await File.ReadAllBytesAsync(Path.Combine(_artefacts.Root, v1.ArtefactKey)))[..200];
        var stored = await _artefacts.WriteAsync("cancer", 9, truncated);

        var error = Assert.Throws<ArtefactIntegrityException>(() => _server.Load(v1 with { ArtefactKey = stored.Key, Sha256 = stored.Sha256 }));
        Assert.Contains("not a loadable ML.NET model", error.Message);
    }

    [Fact]
    public async Task Swap_NewChampion_ServesTheNewVersionAtOnce()
    {
        _server.Activate(await RegisterAsync(1), ModelAliases.Champion);
        _server.Activate(await RegisterAsync(2), ModelAliases.Champion);
        Assert.Equal(2, _server.Find("cancer", ModelAliases.Champion, null).Value!.Version);
        Assert.Equal(1, _server.Find("cancer", null, 1).Value!.Version);
    }

    [Fact]
    public async Task Predict_ManyThreadsAtOnce_GiveTheSameAnswerAsOne()
    {
        _server.Activate(await RegisterAsync(1), ModelAliases.Champion);
        var predictions = new PredictionService(_server, new PredictionLog(100_000), TimeProvider.System);
        var row = Row();
        var expected = predictions.Predict("cancer", null, null, row).Value!.Probability;

        var results = new double[4000];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i => results[i] = predictions.Predict("cancer", null, null, row).Value!.Probability);

        Assert.All(results, p => Assert.Equal(expected, p));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
