using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Serving;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>
/// TreeSHAP against a brute-force Shapley enumeration (tools/reference/treeshap_reference.py over every subset of
/// each tree's features, with the same path-dependent expectation) on a small FastTree trained here, deterministically
/// (fixed seed, one thread): the model's dump must be the checked-in tools/reference/treeshap_model.json.
/// </summary>
public class TreeShapReferenceTests
{
    private static readonly Lazy<(TrainedModel Model, TrainingData Data)> Small = new(() =>
    {
        var request = new TrainingRequest(1, "Status", "bad", TrainerKind.FastTree, Seed: 42,
            Options: new Dictionary<string, double> { ["numberOfTrees"] = 10, ["numberOfLeaves"] = 8 });
        var table = SampleTables.Sample(ScoringModels.Credit);
        return (new ModelTrainer(numberOfThreads: 1).Train(table, request), ModelTrainer.Load(table, request));
    });

    private static string DumpPath => Path.Combine(TestPaths.RepoRoot, "tools", "reference", "treeshap_model.json");

    private static IReadOnlyList<ModelInput> Rows => Small.Value.Data.Test.Take(5).Select(r => Small.Value.Data.Rows[r]).ToList();

    [Fact]
    public void Dump_OfTheSmallModel_IsTheCheckedInReferenceInput()
    {
        var (model, _) = Small.Value;
        var dump = ShapReferenceDump.Write(ModelArtefact.Load(model.Artefact), model.Schema, model.Explanation!, Rows);
        if (!File.Exists(DumpPath) || dump != File.ReadAllText(DumpPath))
        {
            var written = Path.Combine(AppContext.BaseDirectory, "treeshap_model.json");
            File.WriteAllText(written, dump);
            Assert.Fail($"The small model's dump differs from {DumpPath} (training not deterministic, or the dump changed): the new one is {written}.");
        }
    }

    [Fact]
    public void Explain_FiveTestRows_EqualsBruteForceShapleyTo1e9()
    {
        var (model, _) = Small.Value;
        Assert.True(ShapExplainer.TryCreate(ModelArtefact.Load(model.Artefact), model.Schema, model.Explanation!, out var explainer, out var why), why);
        var values = new double[explainer.FeatureCount];
        for (var r = 0; r < Reference.Length; r++)
        {
            var sums = explainer.Explain(Rows[r], values);
            Assert.Equal(Reference[r].Base, sums.BaseValue, 1e-9);
            Assert.Equal(Reference[r].Logit, sums.Logit, 1e-9);
            for (var f = 0; f < values.Length; f++)
                Assert.True(Math.Abs(Reference[r].Values[f] - values[f]) <= 1e-9, $"row {r}, {explainer.Schema.Features[f].Name}: {values[f]:R}, reference {Reference[r].Values[f]:R}");
        }
    }

    // Printed by tools/reference/treeshap_reference.py from tools/reference/treeshap_model.json: per row the base
    // value, the logit and the value of each user feature in schema order (Seniority, Home, Time, Age, Marital,
    // Records, Job, Expenses, Income, Assets, Debt, Amount, Price), in logit space.
    private static readonly (double Base, double Logit, double[] Values)[] Reference =
    [
            (-0.610651790733293, -0.8642460137842559, [-0.2456933801326937, 0.05068033455175325, 0.003019066981919815, 0.0, 0.0, -0.13807696074372514, 0.07768768980354127, -0.006135059572541745, -0.007148468229813161, 0.07723947842583503, 0.0, -0.06968637222962845, 0.004519448094389824]),
            (-0.610651790733293, -0.3661246600834565, [-0.2711143947291678, -0.10663182515296463, 0.0017776465743904925, 0.0, 0.0, 0.601081478372773, 0.03614853458886599, 0.01633288307208156, -0.07089470064543171, -0.03834825909248575, 0.0, 0.07992796394980414, -0.0037521962880288535]),
            (-0.610651790733293, -0.6919043944124218, [0.2672557292176386, 0.02571467777958372, 0.00540538151807067, 0.0, 0.0, -0.14750152538140812, -0.19648291570643553, -0.006135059572541744, 0.0005242130296894982, 0.05471967232686272, 0.0, -0.08224619223319604, -0.002506584657392676]),
            (-0.610651790733293, -0.30427459240226584, [0.3629202558577594, -0.05328151903867494, 0.007564723681063777, 0.0, 0.0, -0.12786898505683894, 0.11002540061012481, 0.07934677047153987, 0.0233665280797251, -0.06552397463006891, 0.0, -0.029220784901823265, -0.0009512167417797849]),
            (-0.610651790733293, 0.2508957810505565, [0.3335245593803732, 0.047962201075569366, 0.010536022283536162, 0.0, 0.0, -0.09857172622083707, 0.5305345912152721, -0.002517919152181113, -0.0014516711192062903, 0.08010791237692863, 0.0, -0.037625181313825654, -0.0009512167417797846]),
    ];
}
