using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Serving;

/// <summary>The compiled scorer against ML.NET's own engine, on every row of real datasets.</summary>
public class CompiledScorerTests
{
    public static TheoryData<string, TrainerKind> Models()
    {
        var data = new TheoryData<string, TrainerKind>();
        foreach (var sample in new[] { ScoringModels.Credit, ScoringModels.Churn })
            foreach (var trainer in TrainerCatalog.Trainable)
                data.Add(sample, trainer);
        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Score_EveryDatasetRow_MatchesTheEngineWithin1e6(string sample, TrainerKind trainer)
    {
        var model = ScoringModels.Train(sample, trainer);
        var transformer = ModelArtefact.Load(model.Artefact);
        var engine = ModelArtefact.CreateEngine(transformer, model.Schema);

        Assert.True(CompiledScorer.TryCompile(transformer, model.Schema, out var scorer, out var why), why);

        // Every row as encoded (credit_data has missing numbers and categories; churn has booleans and a 51-category
        // state), then every row with each categorical value swapped for the other marker, and some for text the model
        // never saw (a fresh string instance, so not found by reference).
        var rows = ScoringModels.Rows(sample, model.Schema).ToList();
        if (sample == ScoringModels.Credit)
            Assert.Contains(rows, r => r.Numeric.Any(float.IsNaN) && r.Categorical.Contains(FeatureSchema.MissingCategory));
        rows.AddRange(rows.Select(r => WithCategories(r, FeatureSchema.OtherCategory)).ToList());
        rows.AddRange(rows.Take(500).Select(r => WithCategories(r, new string("never-seen".AsSpan()))).ToList());

        var output = new ModelOutput();
        var worst = 0.0;
        foreach (var row in rows)
        {
            engine.Predict(row, ref output);
            var compiled = scorer.Score(row);
            worst = Math.Max(worst, Math.Abs((double)compiled - output.Probability));
        }

        Assert.InRange(worst, 0, ScorerVerification.Tolerance);
    }

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastForest)]
    public void Score_TreeEnsemble_AgreesWithTheEngineToTheBit(TrainerKind trainer)
    {
        // The trees are summed in ML.NET's order and precision, so nothing is left to rounding.
        var model = ScoringModels.Train(ScoringModels.Credit, trainer);
        var transformer = ModelArtefact.Load(model.Artefact);
        var engine = ModelArtefact.CreateEngine(transformer, model.Schema);
        Assert.True(CompiledScorer.TryCompile(transformer, model.Schema, out var scorer, out var why), why);

        foreach (var row in ScoringModels.Rows(ScoringModels.Credit, model.Schema))
            Assert.Equal(engine.Predict(row).Probability, scorer.Score(row));
    }

    [Fact]
    public void Score_TreesOfMoreThan64Leaves_AgreeWithTheEngineToTheBit()
    {
        // A tree's leaves are bits of 64-bit words: 200 leaves span four words per tree.
        var options = new Dictionary<string, double> { ["numberOfTrees"] = 10, ["numberOfLeaves"] = 200, ["minimumExampleCountPerLeaf"] = 2 };
        var model = new ModelTrainer().Train(SampleTables.Sample(ScoringModels.Credit), ScoringModels.Request(ScoringModels.Credit, TrainerKind.FastTree) with { Options = options });
        var transformer = ModelArtefact.Load(model.Artefact);
        var engine = ModelArtefact.CreateEngine(transformer, model.Schema);
        Assert.True(CompiledScorer.TryCompile(transformer, model.Schema, out var scorer, out var why), why);
        // At least 1,000 splits in 10 trees: some tree has more than 64 leaves.
        Assert.Matches(@"10 trees, \d{4} splits", scorer.Description);

        foreach (var row in ScoringModels.Rows(ScoringModels.Credit, model.Schema))
            Assert.Equal(engine.Predict(row).Probability, scorer.Score(row));
    }

    [Fact]
    public void ScoreBatch_CreditRows_EqualsScoringEachRow()
    {
        var model = ScoringModels.Train(ScoringModels.Credit, TrainerKind.FastTree);
        Assert.True(CompiledScorer.TryCompile(ModelArtefact.Load(model.Artefact), model.Schema, out var scorer, out var why), why);
        var rows = ScoringModels.Rows(ScoringModels.Credit, model.Schema);

        var batch = new float[rows.Length];
        scorer.ScoreBatch(rows, batch);

        Assert.Equal(rows.Select(scorer.Score), batch);
    }

    [Fact]
    public void Score_ManyThreadsAtOnce_GiveTheSameAnswersAsOne()
    {
        var model = ScoringModels.Train(ScoringModels.Credit, TrainerKind.FastTree);
        Assert.True(CompiledScorer.TryCompile(ModelArtefact.Load(model.Artefact), model.Schema, out var scorer, out var why), why);
        var rows = ScoringModels.Rows(ScoringModels.Credit, model.Schema);
        var expected = rows.Select(scorer.Score).ToArray();

        var actual = new float[rows.Length * 4];
        Parallel.For(0, actual.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => actual[i] = scorer.Score(rows[i % rows.Length]));

        for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[i % rows.Length], actual[i]);
    }

    [Fact]
    public void TryCompile_FeaturizerWithAnExtraTransform_DeclinesAndSaysWhy()
    {
        var (artefact, schema) = ScoringModels.ScaledNumericFastTree();

        Assert.False(CompiledScorer.TryCompile(ModelArtefact.Load(artefact), schema, out var scorer, out var why));

        Assert.Null(scorer);
        Assert.Contains("featurizer", why);
    }

    [Fact]
    public void TryCompile_TreesWithCategoricalSplits_DeclinesAndSaysWhy()
    {
        var (artefact, schema) = ScoringModels.CategoricalSplitFastTree();

        Assert.False(CompiledScorer.TryCompile(ModelArtefact.Load(artefact), schema, out _, out var why));

        Assert.Contains("categorical splits", why);
    }

    [Fact]
    public void Agrees_EngineThatDisagrees_NamesTheFirstProbeRow()
    {
        var model = ScoringModels.Train(ScoringModels.Credit, TrainerKind.FastTree);
        Assert.True(CompiledScorer.TryCompile(ModelArtefact.Load(model.Artefact), model.Schema, out var scorer, out var why), why);

        Assert.False(ScorerVerification.Agrees(scorer, model.Schema, row => scorer.Score(row) + 1e-5f, out why));

        Assert.StartsWith("probe row 0 ", why);
    }

    private static ModelInput WithCategories(ModelInput row, string category) => new()
    {
        Numeric = row.Numeric,
        Categorical = Enumerable.Repeat(category, row.Categorical.Length).ToArray(),
    };
}
