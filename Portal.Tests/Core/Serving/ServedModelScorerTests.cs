using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Serving.Scoring;
using Portal.Core.Training;

namespace Portal.Tests.Core.Serving;

/// <summary>How a loaded version chooses between the compiled scorer and the engine pool.</summary>
public class ServedModelScorerTests
{
    // Load reads the artefact's bytes as given: the path and hash are not looked at, the evaluation only carried.
    private static ModelVersionInfo Info(FeatureSchema schema, TrainerKind trainer) =>
        new("credit", 1, DateTimeOffset.UnixEpoch, "t", trainer, new Dictionary<string, double>(), null, null,
            "Status", "bad", "good", schema, ScoringModels.Train(ScoringModels.Credit, TrainerKind.FastTree).Evaluation,
            "unused", "unused", [], ModelStage.None, null);

    [Theory]
    [InlineData(TrainerKind.FastTree)]
    [InlineData(TrainerKind.LogisticRegression)]
    public void Load_ModelThatCompiles_ServesThroughTheCompiledScorer(TrainerKind trainer)
    {
        var model = ScoringModels.Train(ScoringModels.Credit, trainer);

        var served = ServedModel.Load(Info(model.Schema, trainer), model.Artefact, DateTimeOffset.UnixEpoch);

        Assert.Equal(ScorerKinds.Compiled, served.ScorerKind);
        Assert.NotNull(served.Scorer);
        Assert.StartsWith(trainer.ToString(), served.ScorerNote);
        var engine = ModelArtefact.CreateEngine(ModelArtefact.Load(model.Artefact), model.Schema);
        var lease = served.Rent();
        try
        {
            foreach (var row in ScoringModels.Rows(ScoringModels.Credit, model.Schema).Take(200))
            {
                row.Numeric.CopyTo(lease.Input.Numeric);
                row.Categorical.CopyTo(lease.Input.Categorical);
                Assert.InRange(Math.Abs(lease.Score() - engine.Predict(row).Probability), 0, ScorerVerification.Tolerance);
            }
        }
        finally
        {
            served.Return(lease);
        }
    }

    [Fact]
    public void Load_ModelThatDoesNotCompile_FallsBackToTheEngineAndStillScores()
    {
        var (artefact, schema) = ScoringModels.ScaledNumericFastTree();

        var served = ServedModel.Load(Info(schema, TrainerKind.Imported), artefact, DateTimeOffset.UnixEpoch);

        Assert.Equal(ScorerKinds.Engine, served.ScorerKind);
        Assert.Null(served.Scorer);
        Assert.StartsWith("not compiled: ", served.ScorerNote);
        var row = ScoringModels.Rows(ScoringModels.Credit, schema)[0];
        var expected = ModelArtefact.CreateEngine(ModelArtefact.Load(artefact), schema).Predict(row).Probability;
        var lease = served.Rent();
        try
        {
            row.Numeric.CopyTo(lease.Input.Numeric);
            row.Categorical.CopyTo(lease.Input.Categorical);
            Assert.Equal(expected, lease.Score());
        }
        finally
        {
            served.Return(lease);
        }
    }
}
