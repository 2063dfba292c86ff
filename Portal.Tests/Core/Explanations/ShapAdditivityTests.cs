using Portal.Core.Explanations;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;
using Portal.Tests.Core.Serving;
using Portal.Tests.Core.Training;

namespace Portal.Tests.Core.Explanations;

/// <summary>Base + sum of the values is the model's logit, for every row of credit_data's test split and every trainer.</summary>
public class ShapAdditivityTests
{
    public static TheoryData<TrainerKind> Trainers() => [.. TrainerCatalog.Trainable];

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Explain_EveryTestRow_BasePlusValuesIsTheScorersLogitTo1e9(TrainerKind trainer)
    {
        var model = ScoringModels.Train(ScoringModels.Credit, trainer);
        Assert.True(model.Explanation is not null, model.ExplanationNote);
        var transformer = ModelArtefact.Load(model.Artefact);
        Assert.True(CompiledScorer.TryCompile(transformer, model.Schema, out var scorer, out var why), why);
        Assert.True(ShapExplainer.TryCreate(transformer, model.Schema, model.Explanation, out var explainer, out why), why);
        Assert.True(ModelParts.TryDecompose(transformer, out var parts, out why), why);

        var data = ModelTrainer.Load(SampleTables.Sample(ScoringModels.Credit), ScoringModels.Request(ScoringModels.Credit, trainer));
        Assert.Equal(data.Train.Length, model.Explanation.Rows);
        var values = new double[explainer.FeatureCount];
        var nonZero = 0;
        foreach (var r in data.Test)
        {
            var row = data.Rows[r];
            var sums = explainer.Explain(row, values);
            var raw = scorer.Raw(row);
            var logit = -(parts.Calibration.Slope * raw + parts.Calibration.Offset);
            Assert.Equal(raw, sums.Raw, 1e-9 * Math.Max(1, Math.Abs(raw)));
            Assert.Equal(logit, sums.BaseValue + values.Sum(), 1e-9 * Math.Max(1, Math.Abs(logit)));
            Assert.Equal(scorer.Score(row), sums.Probability, 1e-6);
            nonZero += values.Count(v => v != 0);
        }

        // Not a vacuous sum: the rows are explained by several features each.
        Assert.True(nonZero > 3 * data.Test.Length, $"{nonZero} non-zero values over {data.Test.Length} rows");
    }
}
