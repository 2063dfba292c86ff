using System.Text;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Rollouts;

/// <summary>
/// Real small models for the rollout serving tests, trained once per run: a champion (v1), a candidate of other
/// options on the same features (v2), and a candidate trained without one of the features (v3), whose binding fails
/// on every request the champion accepts.
/// </summary>
internal static class RolloutModels
{
    public const string Model = "cancer";
    public const string DroppedFeature = "worst_fractal_dimension";

    private static readonly Lazy<TrainedModel> Champion = new(() => Train(SampleTables.Sample("breast_cancer.csv"), 20));
    private static readonly Lazy<TrainedModel> Candidate = new(() => Train(SampleTables.Sample("breast_cancer.csv"), 5));
    private static readonly Lazy<TrainedModel> Narrow = new(() => Train(WithoutColumn(DroppedFeature), 5));

    /// <summary>The first data rows of the sample as features objects, as a client sends them (numbers as the CSV wrote them).</summary>
    public static readonly byte[][] Rows = ReadRows(40);

    private static byte[][] ReadRows(int count)
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(count + 1).Select(l => l.Split(',')).ToArray();
        return lines.Skip(1)
            .Select(values => Encoding.UTF8.GetBytes("{" + string.Join(",", lines[0].Zip(values).Where(p => p.First != "diagnosis").Select(p => $"\"{p.First}\":{p.Second}")) + "}"))
            .ToArray();
    }

    /// <summary>The rows as a batch's <c>instances</c> array.</summary>
    public static byte[] Instances(int count) => Encoding.UTF8.GetBytes("[" + string.Join(",", Rows.Take(count).Select(Encoding.UTF8.GetString)) + "]");

    private static TrainedModel Train(Portal.Core.Datasets.CsvTable table, int trees) =>
        new ModelTrainer().Train(table, TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = trees }));

    private static Portal.Core.Datasets.CsvTable WithoutColumn(string column)
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Select(l => l.Split(',')).ToArray();
        var drop = Array.IndexOf(lines[0], column);
        return SampleTables.FromText(string.Join("\n", lines.Select(l => string.Join(",", l.Where((_, i) => i != drop)))));
    }

    /// <summary>Registers v1 (champion, activated), v2 (candidate) and v3 (narrow candidate) on <paramref name="server"/>.</summary>
    public static async Task<(ServedModel V2, ServedModel V3)> ServeAsync(ModelServer server, ArtefactStore artefacts)
    {
        server.Activate(await RegisterAsync(artefacts, 1, Champion.Value), ModelAliases.Champion);
        var v2 = await RegisterAsync(artefacts, 2, Candidate.Value);
        var v3 = await RegisterAsync(artefacts, 3, Narrow.Value);
        server.Track(v2);
        server.Track(v3);
        return (server.Load(v2), server.Load(v3));
    }

    private static async Task<ModelVersionInfo> RegisterAsync(ArtefactStore artefacts, int version, TrainedModel model)
    {
        var stored = await artefacts.WriteAsync(Model, version, model.Artefact);
        return new ModelVersionInfo(Model, version, DateTimeOffset.UnixEpoch, "t", TrainerKind.FastTree, new Dictionary<string, double>(), null, null,
            "diagnosis", model.PositiveClass, model.NegativeClass, model.Schema, model.Evaluation, stored.Key, stored.Sha256, [], ModelStage.None, null);
    }

    public static Rollout Rollout(RolloutKind kind, int candidate, IReadOnlyList<int>? steps = null, RolloutWeights? weights = null, RolloutStickyKey? sticky = null, int step = 0) =>
        new(Guid.NewGuid(), Model, 1, new RolloutPlan(kind, candidate, steps, weights, sticky).WithDefaults(), RolloutState.Running, step,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, "admin");

    /// <summary>Everything the log holds now.</summary>
    public static List<PredictionRecord> Drain(PredictionLog log)
    {
        var batch = new List<PredictionRecord>();
        log.ReadBatch(batch, int.MaxValue);
        return batch.Select(r => r with { Inputs = r.Inputs.ToArray() }).ToList();
    }
}
