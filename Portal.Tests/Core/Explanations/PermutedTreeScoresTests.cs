using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>
/// Permutation importance's tree scorer against ML.NET's whole model: the same probabilities to the bit for every
/// permuted row, and so the same importances, for every trainer kind (credit_data: numeric features with missing
/// values, imputed, and categorical ones, one-hot encoded; LightGbm makes categorical splits on them).
/// </summary>
public class PermutedTreeScoresTests
{
    private static readonly TrainingData Data = ModelTrainer.Load(SampleTables.Sample("credit_data.csv"), new TrainingRequest(1, "Status", "bad"));

    private static ITransformer Fit(TrainerKind kind) =>
        new ModelTrainer().Fit(Data, Data.Train, new SweepCandidate(kind, TrainerCatalog.Resolve(kind, null)), DataSplit.DefaultSeed);

    private static ModelInput[] TestRows => Data.Read(Data.Test).ToArray();

    /// <summary>ML.NET's probability for each row, through the whole model (featurizer included).</summary>
    private static double[] WholeModel(ITransformer model, ModelInput[] rows) =>
        model.Transform(new MLContext().Data.LoadFromEnumerable(rows, ModelRowSchema.For(Data.Schema)))
            .GetColumn<float>("Probability").Select(p => (double)p).ToArray();

    /// <summary>The rows with user feature <paramref name="feature"/>'s slot taken from row <paramref name="source"/>[i].</summary>
    private static ModelInput[] Permute(ModelInput[] rows, int feature, int[] source)
    {
        var slot = Data.Schema.Features.Take(feature).Count(f => (f.Type == ColumnType.Categorical) == (Data.Schema.Features[feature].Type == ColumnType.Categorical));
        var categorical = Data.Schema.Features[feature].Type == ColumnType.Categorical;
        return rows.Select((r, i) =>
        {
            var copy = new ModelInput { Numeric = (float[])r.Numeric.Clone(), Categorical = (string[])r.Categorical.Clone(), Label = r.Label };
            if (categorical) copy.Categorical[slot] = rows[source[i]].Categorical[slot];
            else copy.Numeric[slot] = rows[source[i]].Numeric[slot];
            return copy;
        }).ToArray();
    }

    [Theory]
    [InlineData(TrainerKind.FastTree, 1)]
    [InlineData(TrainerKind.LightGbm, 1)]
    [InlineData(TrainerKind.LightGbm, 2)]
    [InlineData(TrainerKind.FastForest, 1)]
    public void Permuted_EveryFeature_EqualsWholeModelToTheBit(TrainerKind kind, int threads)
    {
        var model = Fit(kind);
        var rows = TestRows;
        var scores = PermutedTreeScores.TryCreate(model, Data.Schema, rows, WholeModel(model, rows), out var why, threads);
        Assert.True(scores is not null, why);

        var permutation = PermutationImportance.Permutations(rows.Length, 1, 3)[0];
        for (var f = 0; f < Data.Schema.Features.Count; f++)
            Assert.Equal(WholeModel(model, Permute(rows, f, permutation)), scores.Permuted(f, permutation));
    }

    [Fact]
    public void TryCreate_LogisticRegression_Declines()
    {
        var model = Fit(TrainerKind.LogisticRegression);
        var rows = TestRows;

        Assert.Null(PermutedTreeScores.TryCreate(model, Data.Schema, rows, WholeModel(model, rows), out var why));
        Assert.Contains("normalizer", why);
    }

    [Fact]
    public void TryCreate_MoreOutputsThanItKeeps_Declines()
    {
        var model = Fit(TrainerKind.FastTree);
        var rows = TestRows;

        Assert.Null(PermutedTreeScores.TryCreate(model, Data.Schema, rows, WholeModel(model, rows), out var why, maxOutputs: rows.Length));
        Assert.Contains("more outputs than it keeps", why);
    }

    [Fact]
    public void TryCreate_ScoresNotMlNets_Declines()
    {
        var model = Fit(TrainerKind.FastTree);
        var rows = TestRows;
        var expected = WholeModel(model, rows);
        expected[7] = Math.BitIncrement(expected[7]);

        Assert.Null(PermutedTreeScores.TryCreate(model, Data.Schema, rows, expected, out var why));
        Assert.Contains("row 7", why);
    }

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastForest)]
    [InlineData(TrainerKind.LogisticRegression)]
    public void Importance_EqualsWholeModelScoring(TrainerKind kind)
    {
        var model = Fit(kind);
        var rows = TestRows;
        var labels = rows.Select(r => r.Label).ToArray();
        var baseline = WholeModel(model, rows);

        var importance = ModelTrainer.Importance(model, Data, labels, baseline, DataSplit.DefaultSeed);
        var reference = PermutationImportance.Compute(Data.Schema.Features.Select(f => f.Name).ToList(), labels,
            (f, p) => p is null ? baseline : WholeModel(model, Permute(rows, f, p)), PermutationImportance.DefaultRepeats, DataSplit.DefaultSeed);

        Assert.NotNull(importance);
        Assert.Equal(reference!.BaselineAuc, importance.BaselineAuc);
        Assert.Equal(reference.Features, importance.Features);
        Assert.Contains(importance.Features, f => f.Mean != 0);
    }
}
