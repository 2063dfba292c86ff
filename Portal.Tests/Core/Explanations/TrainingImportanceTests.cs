using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>Permutation importance computed at training: kept in the evaluation, one entry per user feature, the informative ones first.</summary>
public class TrainingImportanceTests
{
    // y depends on x (numeric) and colour (categorical, three values one-hot encoded in the model); noise is unrelated.
    private static readonly string Csv = "x,colour,noise,y\n" + string.Concat(Enumerable.Range(0, 400).Select(i =>
    {
        var x = i * 37 % 100;
        var colour = (i * 7 % 3) switch { 0 => "red", 1 => "green", _ => "blue" };
        var noise = i * 53 % 89;
        var score = x / 100.0 + (colour == "red" ? 0.6 : colour == "green" ? -0.3 : 0) + (i * 7919 % 101) / 101.0 * 0.6;
        return $"{x},{colour},{noise},{(score > 0.75 ? "p" : "n")}\n";
    }));

    [Fact]
    public void Train_KeepsPermutationImportancePerUserFeature()
    {
        var model = new ModelTrainer().Train(SampleTables.FromText(Csv), new TrainingRequest(1, "y", "p", TrainerKind.LogisticRegression));

        var importance = model.Evaluation.Importance;
        Assert.NotNull(importance);
        Assert.Equal(5, importance.Repeats);
        Assert.Equal(1, importance.Seed);
        Assert.Equal(model.Evaluation.Metrics.TestRows, importance.Rows);
        Assert.Equal(model.Evaluation.Metrics.Auc, importance.BaselineAuc, 1e-12);
        Assert.Equal(["x", "colour", "noise"], importance.Features.Select(f => f.Feature));
        var byName = importance.Features.ToDictionary(f => f.Feature);
        // The categorical feature is permuted as a whole (its category moves, the model re-encodes it): a real drop.
        Assert.InRange(byName["colour"].Mean, 0.05, 1);
        Assert.InRange(byName["x"].Mean, 0.05, 1);
        Assert.InRange(Math.Abs(byName["noise"].Mean), 0, 0.03);
        Assert.All(importance.Features, f => Assert.True(f.Std >= 0));
    }
}
