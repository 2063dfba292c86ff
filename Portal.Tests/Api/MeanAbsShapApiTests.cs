using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Api;

/// <summary>Mean |SHAP| of a trained version: computed at training by the serving explainer, kept, and returned by the importance API.</summary>
public sealed class MeanAbsShapApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task Training_MeanAbsShap_EqualsTheMeanOfEachTestRowsExplainedValues()
    {
        var services = fixture.Factory.Services;
        var version = (await services.GetRequiredService<IModelRegistry>().GetVersionAsync(TrainedModelFixture.Model, 1))!;
        var stored = version.Evaluation.MeanAbsShap;
        Assert.NotNull(stored);
        var datasets = services.GetRequiredService<DatasetService>();
        var table = StoredTables.Read(datasets, (await datasets.GetAsync(fixture.DatasetId))!);
        var data = ModelTrainer.Load(table, new TrainingRequest(fixture.DatasetId, "diagnosis", "malignant"));
        var explainer = services.GetRequiredService<ModelServer>().Find(TrainedModelFixture.Model, null, 1).Value!.Explainer!;

        // Explain every test row with the version's serving explainer, as a client's explain call would.
        var values = new double[explainer.FeatureCount];
        var sums = new double[values.Length];
        foreach (var row in data.Test)
        {
            explainer.Explain(data.Rows[row], values);
            for (var f = 0; f < values.Length; f++) sums[f] += Math.Abs(values[f]);
        }

        Assert.Equal(data.Test.Length, stored!.Rows);
        Assert.Equal(version.Schema.Features.Select(f => f.Name), stored.Features.Select(f => f.Feature));
        for (var f = 0; f < sums.Length; f++) Assert.Equal(sums[f] / data.Test.Length, stored.Features[f].MeanAbs);
        Assert.Contains(stored.Features, f => f.MeanAbs > 0);

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1/importance");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var shap = (await response.JsonAsync()).GetProperty("meanAbsShap").EnumerateArray().ToList();
        Assert.Equal(stored.Features.Select(f => (f.Feature, f.MeanAbs)), shap.Select(s => (s.GetProperty("feature").GetString()!, s.GetProperty("meanAbs").GetDouble())));
    }
}
