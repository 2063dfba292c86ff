using Microsoft.ML;
using Microsoft.ML.Data;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Core.Training;

public class ModelTrainerTests
{
    private static readonly Portal.Core.Datasets.CsvTable BreastCancer = SampleTables.Sample("breast_cancer.csv");

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LightGbm)]
    [InlineData(TrainerKind.FastForest)]
    [InlineData(TrainerKind.LogisticRegression)]
    public void Train_EachTrainer_BreastCancer_ProbabilitiesInUnitRangeAndGoodAuc(TrainerKind trainer)
    {
        var request = TrainingFixture.BreastCancer(trainer);
        var progress = new List<double>();

        var model = new ModelTrainer().Train(BreastCancer, request, new SyncProgress(progress));

        var metrics = model.Evaluation.Metrics;
        Assert.Equal(113, metrics.TestRows);
        Assert.Equal(456, metrics.TrainRows);
        Assert.InRange(metrics.Auc, 0.97, 1.0);
        Assert.InRange(metrics.Brier, 0, 0.06);
        Assert.Equal("benign", model.NegativeClass);
        Assert.Equal(30, model.Schema.NumericCount);
        Assert.Equal(TrainerCatalog.Options(trainer).Select(o => o.Name).Order(), model.Options.Keys.Order());
        Assert.NotEmpty(model.Artefact);
        Assert.Equal(0, progress[0]);
        Assert.Equal(1, progress[^1]);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(progress.Distinct().Count(), progress.Count);

        var engine = ModelArtefact.CreateEngine(ModelArtefact.Load(model.Artefact), model.Schema);
        var (rows, _) = TrainingFixture.TestRows(BreastCancer, request, model.Schema);
        Assert.All(rows, r => Assert.InRange(engine.Predict(r).Probability, 0f, 1f));
    }

    [Fact]
    public void Train_FastTree_ProgressFollowsTrees()
    {
        var progress = new List<double>();

        new ModelTrainer().Train(BreastCancer, TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 20 }), new SyncProgress(progress));

        // Stages alone report 6 values; the trees add one each.
        Assert.True(progress.Count >= 20, $"only {progress.Count} progress reports");
    }

    [Fact]
    public void Train_FastForest_ProbabilityCalibrated_BrierBelowRawScore()
    {
        // customer_churn: 14% positives, where a forest's vote margin is far from a probability.
        var churn = SampleTables.Sample("customer_churn.csv");
        var request = new TrainingRequest(1, "churn", "yes", TrainerKind.FastForest, 0.2, 1, new Dictionary<string, double> { ["numberOfTrees"] = 50 });
        var model = new ModelTrainer().Train(churn, request);
        var (rows, labels) = TrainingFixture.TestRows(churn, request, model.Schema);
        var ml = new MLContext();
        var scored = ModelArtefact.Load(model.Artefact).Transform(ml.Data.LoadFromEnumerable(rows, ModelRowSchema.For(model.Schema)));

        // The forest's raw score is a margin (in [-100, 100] in ML.NET 5), not a probability: read as one (clipped to
        // [0, 1]) it is badly calibrated. The Platt-calibrated probability ranks the same and is calibrated in the large.
        var scores = scored.GetColumn<float>("Score").ToArray();
        var uncalibrated = BinaryMetrics.Evaluate(labels, scores.Select(s => (double)Math.Clamp(s, 0f, 1f)).ToArray(), 0).Metrics;
        var calibrated = model.Evaluation.Metrics;
        var probabilities = scored.GetColumn<float>("Probability").ToArray();

        Assert.True(scores.Max() > 1 || scores.Min() < 0);
        Assert.True(calibrated.Brier < 0.8 * uncalibrated.Brier, $"calibrated Brier {calibrated.Brier:F4}, uncalibrated {uncalibrated.Brier:F4}");
        Assert.True(calibrated.LogLoss < 0.5 * uncalibrated.LogLoss, $"calibrated log-loss {calibrated.LogLoss:F4}, uncalibrated {uncalibrated.LogLoss:F4}");
        Assert.InRange(probabilities.Average(), labels.Average(l => l ? 1.0 : 0.0) - 0.03, labels.Average(l => l ? 1.0 : 0.0) + 0.03);
    }

    [Fact]
    public void Train_SameSeedTwice_SameModelMetrics()
    {
        var request = TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 30 });

        var first = new ModelTrainer().Train(BreastCancer, request).Evaluation;
        var second = new ModelTrainer().Train(BreastCancer, request).Evaluation;

        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Roc, second.Roc);
    }

    [Fact]
    public void Train_CancelledToken_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new ModelTrainer().Train(BreastCancer, TrainingFixture.BreastCancer(TrainerKind.FastTree), ct: cts.Token));
    }

    [Fact]
    public void Train_CancelledDuringFastTreeFit_StopsBeforeAllTrees()
    {
        using var cts = new CancellationTokenSource();
        var progress = new List<double>();
        var request = TrainingFixture.BreastCancer(TrainerKind.FastTree, new Dictionary<string, double> { ["numberOfTrees"] = 500 });
        // Cancel once the first trees are built.
        var cancelling = new CallbackProgress(p =>
        {
            progress.Add(p);
            if (p > 0.12) cts.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new ModelTrainer().Train(BreastCancer, request, cancelling, cts.Token));

        Assert.InRange(progress[^1], 0.12, 0.2);
    }

    [Fact]
    public void Train_MissingLabels_RowsDroppedAndCounted_TextExcluded()
    {
        var csv = "note,x,colour,y\n" + string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"note {i},{i % 17},{(i % 3 == 0 ? "red" : "blue")},{(i % 10 == 9 ? "" : (i % 17) > 8 ? "p" : "n")}\n"));
        var table = SampleTables.FromText(csv);

        var model = new ModelTrainer().Train(table, new TrainingRequest(1, "y", "p", TrainerKind.LogisticRegression));

        Assert.Equal(20, model.DroppedRows);
        Assert.Equal(180, model.Evaluation.Metrics.TrainRows + model.Evaluation.Metrics.TestRows);
        Assert.StartsWith("note: free text", Assert.Single(model.Excluded));
        Assert.Equal(["x", "colour"], model.Schema.Features.Select(f => f.Name));
    }

    [Fact]
    public void Train_OnlyCategoricalFeatures_Trains()
    {
        var csv = "colour,size,y\n" + string.Concat(Enumerable.Range(0, 200).Select(i =>
            $"{(i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue")},{(i % 4 < 2 ? "big" : "small")},{(i % 3 == 0 || (i % 3 == 1 && i % 4 < 2) ? "p" : "n")}\n"));

        var model = new ModelTrainer().Train(SampleTables.FromText(csv), new TrainingRequest(1, "y", "p", TrainerKind.FastTree,
            Options: new Dictionary<string, double> { ["numberOfTrees"] = 10, ["minimumExampleCountPerLeaf"] = 2 }));

        Assert.Equal(0, model.Schema.NumericCount);
        Assert.InRange(model.Evaluation.Metrics.Auc, 0.95, 1.0);
    }
}

internal sealed class CallbackProgress(Action<double> onReport) : IProgress<double>
{
    public void Report(double value) => onReport(value);
}
