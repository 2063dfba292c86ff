using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Serving;

public class ModelArtefactTests
{
    private static readonly TrainingRequest CreditRequest = new(1, "Status", "bad", TrainerKind.FastTree, 0.2, 1,
        new Dictionary<string, double> { ["numberOfTrees"] = 30 });

    private static readonly Lazy<TrainedModel> Credit = new(() => new ModelTrainer().Train(SampleTables.Sample("credit_data.csv"), CreditRequest));

    [Fact]
    public void Load_SavedModel_PredictsTheEvaluatedProbabilities()
    {
        var model = Credit.Value;
        var (rows, labels) = TrainingFixture.TestRows(SampleTables.Sample("credit_data.csv"), CreditRequest, model.Schema);
        using var stream = new MemoryStream(model.Artefact);
        var engine = ModelArtefact.CreateEngine(ModelArtefact.Load(stream), model.Schema);

        var output = new ModelOutput();
        var probabilities = rows.Select(r =>
        {
            engine.Predict(r, ref output);
            return (double)output.Probability;
        }).ToArray();
        var again = BinaryMetrics.Evaluate(labels, probabilities, model.Evaluation.Metrics.TrainRows);

        Assert.Equal(model.Evaluation.Metrics, again.Metrics);
        Assert.Equal(model.Evaluation.Confusion, again.Confusion);
    }

    [Fact]
    public void Predict_UnseenCategoryAndMissingValues_ScoresWithoutError()
    {
        var model = Credit.Value;
        var engine = ModelArtefact.CreateEngine(ModelArtefact.Load(model.Artefact), model.Schema);
        var row = ModelInput.For(model.Schema);
        Array.Fill(row.Numeric, float.NaN);
        // Categories the one-hot encoder never saw at training (not even __other__, which credit_data does not need).
        Array.Fill(row.Categorical, "never-seen-category");

        var output = engine.Predict(row);

        Assert.InRange(output.Probability, 0f, 1f);
        Assert.False(float.IsNaN(output.Score));
    }
}
