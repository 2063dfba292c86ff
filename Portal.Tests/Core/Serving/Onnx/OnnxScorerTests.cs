using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Serving.Onnx;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving.Onnx;

/// <summary>ONNX models scored through ONNX Runtime against scikit-learn's probabilities, and the files Portal must refuse.</summary>
public sealed class OnnxScorerTests
{
    private static readonly FeatureSchema Breast = OnnxFixtures.Schema("breast_cancer.csv", OnnxFixtures.BreastLabel);
    private static readonly FeatureSchema Credit = OnnxFixtures.Schema("credit_data.csv", OnnxFixtures.CreditLabel);

    [Theory]
    [InlineData("breast_logistic", "breast_cancer.csv")]
    [InlineData("breast_gbt", "breast_cancer.csv")]
    [InlineData("credit_logistic", "credit_data.csv")]
    public void Score_EveryTestRow_EqualsScikitLearnTo1e6(string fixture, string sample)
    {
        var schema = sample == "credit_data.csv" ? Credit : Breast;
        var positive = sample == "credit_data.csv" ? "bad" : "malignant";
        var scorer = OnnxScorer.Load(OnnxFixtures.Bytes(fixture + ".onnx"), schema, positive);
        var lease = new EngineLease(scorer, schema);
        var rows = OnnxFixtures.Expected(fixture + ".expected.csv");
        Assert.True(rows.Count > 100);

        var worst = 0.0;
        foreach (var (cells, expected) in rows)
        {
            OnnxFixtures.Fill(schema, cells, lease.Input);
            worst = Math.Max(worst, Math.Abs(lease.Score() - expected));
        }

        Assert.True(worst <= 1e-6, $"{fixture}: largest difference from scikit-learn {worst:E3}");
    }

    [Fact]
    public void Load_SingleTensorModel_SaysItsLayoutAndPicksTheColumnByClassLabel()
    {
        var scorer = OnnxScorer.Load(OnnxFixtures.Bytes("breast_gbt.onnx"), Breast, "malignant");

        Assert.Equal([new OnnxInput("input", OnnxInputKind.NumericTensor, 0, 30)], scorer.Inputs);
        Assert.Contains("one float input 'input' [N, 30]", scorer.Description);
        Assert.Contains("column 1 of 'probabilities' (class label 1 of 0, 1)", scorer.Description);
        Assert.Equal("TreeEnsembleClassifier", Assert.Single(scorer.Nodes).OpType);
    }

    [Fact]
    public void Load_PerColumnModel_MapsEachInputToItsFeatureSlot()
    {
        var scorer = OnnxScorer.Load(OnnxFixtures.Bytes("credit_logistic.onnx"), Credit, "bad");

        var home = Assert.Single(scorer.Inputs, i => i.Name == "Home");
        Assert.Equal(OnnxInputKind.CategoricalColumn, home.Kind);
        var records = Assert.Single(scorer.Inputs, i => i.Name == "Records");
        Assert.Equal(OnnxInputKind.NumericColumn, records.Kind);
        Assert.Equal(13, scorer.Inputs.Count);
        Assert.Contains("13 inputs by column name", scorer.Description);
        Assert.Contains("class labels not in the graph: column 1", scorer.Description);
    }

    [Theory]
    [InlineData("bad_truncated.onnx", "not a loadable ML.NET model zip (it does not start with PK) nor a loadable ONNX model")]
    [InlineData("bad_no_probability.onnx", "no probability output")]
    [InlineData("bad_width.onnx", "input 'input' takes 29 floats per row, but the dataset has 30 numeric and boolean features")]
    public void Load_BadBreastModel_IsRefusedSayingWhatIsWrong(string file, string message)
    {
        var ex = Assert.Throws<OnnxModelException>(() => OnnxScorer.Load(OnnxFixtures.Bytes(file), Breast, "malignant"));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Load_InputNamedLikeNoColumn_IsRefusedNamingIt()
    {
        var ex = Assert.Throws<OnnxModelException>(() => OnnxScorer.Load(OnnxFixtures.Bytes("bad_name.onnx"), Credit, "bad"));
        Assert.Contains("input 'Agee' is not a column of the dataset", ex.Message);
    }

    [Fact]
    public void Load_CategoricalColumnAsFloat_IsRefusedWithExpectedAndFound()
    {
        // The credit model's per-column inputs against a schema where 'Home' is numeric: the types disagree.
        var schema = new FeatureSchema(Credit.Features.Select(f => f.Name == "Home" ? new FeatureSpec("Home", Portal.Core.Datasets.ColumnType.Numeric) : f).ToList());
        var ex = Assert.Throws<OnnxModelException>(() => OnnxScorer.Load(OnnxFixtures.Bytes("credit_logistic.onnx"), schema, "bad"));
        Assert.Contains("input 'Home' takes a string tensor [N, 1], but 'Home' is a numeric column of the dataset: a float tensor [N, 1] is needed", ex.Message);
    }

    [Fact]
    public void ServedModelLoad_OnnxArtefact_ServesThroughTheRuntimeWithReusedLeases()
    {
        var info = Info(Breast);
        var served = ServedModel.Load(info, OnnxFixtures.Bytes("breast_logistic.onnx"), DateTimeOffset.UnixEpoch);

        Assert.Equal(ScorerKinds.Onnx, served.ScorerKind);
        Assert.Null(served.Scorer);
        Assert.NotNull(served.Onnx);
        Assert.EndsWith("not compiled: the graph is not a single TreeEnsembleClassifier node", served.ScorerNote);
        var (cells, expected) = OnnxFixtures.Expected("breast_logistic.expected.csv")[0];
        var lease = served.Rent();
        OnnxFixtures.Fill(Breast, cells, lease.Input);
        Assert.Equal(expected, lease.Score(), 1e-6);
        served.Return(lease);
        Assert.Same(lease, served.Rent());
    }

    [Fact]
    public void ServedModelLoad_OnnxTreeEnsemble_IsCompiledVerifiedAndEqualsRuntimeAndScikitLearn()
    {
        var served = ServedModel.Load(Info(Breast), OnnxFixtures.Bytes("breast_gbt.onnx"), DateTimeOffset.UnixEpoch);

        Assert.Equal(ScorerKinds.Compiled, served.ScorerKind);
        Assert.StartsWith("ONNX TreeEnsembleClassifier: 20 trees, ", served.ScorerNote);
        Assert.Contains("verified against ONNX Runtime", served.ScorerNote);
        var runtime = new EngineLease(served.Onnx!, Breast);
        var compiled = served.Rent();
        var worst = (Runtime: 0.0, Python: 0.0);
        foreach (var (cells, expected) in OnnxFixtures.Expected("breast_gbt.expected.csv"))
        {
            OnnxFixtures.Fill(Breast, cells, compiled.Input);
            OnnxFixtures.Fill(Breast, cells, runtime.Input);
            var p = compiled.Score();
            worst = (Math.Max(worst.Runtime, Math.Abs(p - runtime.Score())), Math.Max(worst.Python, Math.Abs(p - expected)));
        }

        Assert.True(worst.Runtime <= ScorerVerification.Tolerance, $"compiled against ONNX Runtime: {worst.Runtime:E3}");
        Assert.True(worst.Python <= 1e-6, $"compiled against scikit-learn: {worst.Python:E3}");
    }

    [Fact]
    public void ServedModelLoad_OnnxThatDoesNotFitTheSchema_IsAnIntegrityFailure()
    {
        var ex = Assert.Throws<ArtefactIntegrityException>(() => ServedModel.Load(Info(Breast), OnnxFixtures.Bytes("bad_width.onnx"), DateTimeOffset.UnixEpoch));
        Assert.Contains("onnx-test v1: The model's input 'input' takes 29 floats", ex.Message);
    }

    [Theory]
    [InlineData("breast_logistic", "breast_cancer.csv", 0)]
    [InlineData("credit_logistic", "credit_data.csv", 64)]
    public void Score_AfterWarmUp_AllocatesNothingPerRowButStringInputs(string fixture, string sample, int bytesPerRow)
    {
        var schema = sample == "credit_data.csv" ? Credit : Breast;
        var scorer = OnnxScorer.Load(OnnxFixtures.Bytes(fixture + ".onnx"), schema, sample == "credit_data.csv" ? "bad" : "malignant");
        var lease = new EngineLease(scorer, schema);
        OnnxFixtures.Fill(schema, OnnxFixtures.Expected(fixture + ".expected.csv")[0].Cells, lease.Input);
        for (var i = 0; i < 100; i++) lease.Score();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) lease.Score();
        var perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / 1000.0;

        Assert.True(perRow <= bytesPerRow, $"{fixture}: {perRow} bytes per row");
    }

    [Fact]
    public async Task Scores_FromManyThreads_AreEachRowsOwn()
    {
        var served = ServedModel.Load(Info(Breast), OnnxFixtures.Bytes("breast_gbt.onnx"), DateTimeOffset.UnixEpoch);
        var rows = OnnxFixtures.Expected("breast_gbt.expected.csv");

        var worst = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var max = 0.0;
            for (var repeat = 0; repeat < 5; repeat++)
                foreach (var (cells, expected) in rows.Skip(t))
                {
                    var lease = served.Rent();
                    OnnxFixtures.Fill(Breast, cells, lease.Input);
                    max = Math.Max(max, Math.Abs(lease.Score() - expected));
                    served.Return(lease);
                }

            return max;
        })));

        Assert.All(worst, w => Assert.True(w <= 1e-6, $"largest difference {w:E3}"));
    }

    private static ModelVersionInfo Info(FeatureSchema schema) =>
        new("onnx-test", 1, DateTimeOffset.UnixEpoch, "t", TrainerKind.Imported, new Dictionary<string, double>(), null, null,
            OnnxFixtures.BreastLabel, "malignant", "benign", schema, BinaryMetrics.Evaluate([true, false], [0.9, 0.1], 0), "onnx-test/v1.onnx", "", [], ModelStage.None, null);
}
