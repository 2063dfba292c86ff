using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;

namespace Portal.Tests.Api;

[Collection(MonitoringCollection.Name)]
public sealed class ExportApiTests(TrainedModelFixture fixture)
{
    private const string Formula = "=cmd|' /C calc'!A0";

    [Fact]
    public async Task Outcomes_PredictionsWithLabels_JoinedRowsFeaturesAsColumnsFormulaNeutralised()
    {
        var at = new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero);
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 2, at, inputsJson: $$"""{"mean_radius":"{{Formula.Replace("'", "'")}}","mean_texture":-1.5}""");
        using (var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist))
        {
            var response = await scientist.PostAsJsonAsync("/api/labels", new[] { new { predictionId = p[0].Id, label = "benign", labelTimestamp = "2026-04-02T00:00:00Z", source = "=HYPERLINK(\"x\")" } });
            Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        }

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var export = await client.GetAsync($"/ops/export/outcomes.csv?model={TrainedModelFixture.Model}");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');
        Assert.Equal(["prediction_id", "model", "version", "at", "mean_radius", "mean_texture"], header[..6]);
        Assert.Equal(["predicted_label", "probability", "true_label", "label_timestamp", "label_source"], header[^5..]);

        var labelled = lines.Single(l => l.StartsWith(p[0].Id.ToString())).Split(',');
        Assert.Equal("'" + Formula, labelled[4]);
        Assert.Equal("-1.5", labelled[5]);
        Assert.Equal("benign", labelled[^3]);
        Assert.Equal("2026-04-02T00:00:00.000Z", labelled[^2]);
        Assert.StartsWith("\"'=HYPERLINK", labelled[^1]);

        var unlabelled = lines.Single(l => l.StartsWith(p[1].Id.ToString())).Split(',');
        Assert.Equal(["", "", ""], unlabelled[^3..]);
        Assert.DoesNotContain(lines.Skip(1), l => l.Split(',').Any(c => c.StartsWith('=')));
    }

    [Fact]
    public async Task PredictionsCsv_Model_OneRowPerPredictionNeutralised()
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 1, new DateTimeOffset(2026, 4, 5, 0, 0, 0, TimeSpan.Zero), inputsJson: """{"mean_radius":"@SUM(1)"}""");
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/predictions.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("prediction_id,model,version,alias,at,mean_radius", lines[0]);
        Assert.EndsWith("predicted_label,probability,latency_ms", lines[0]);
        var row = lines.Single(l => l.StartsWith(p[0].Id.ToString())).Split(',');
        Assert.Equal("'@SUM(1)", row[5]);
    }

    [Fact]
    public async Task Outcomes_CategoricalFormulaValue_Neutralised()
    {
        // A model with a categorical feature, registered directly (pages and exports only read the registry).
        var schema = new FeatureSchema([new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent"]), new FeatureSpec("Income", ColumnType.Numeric)]);
        var evaluation = new Evaluation(new ModelMetrics(0.8, 0.6, 0.8, 0.7, 0.5, 0.15, 0.45, 200, 800), [], new ConfusionMatrix(1, 1, 1, 1));
        await fixture.Factory.Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion("credit-export", "tester", TrainerKind.FastTree, TrainerCatalog.Resolve(TrainerKind.FastTree, null), null, null, "Status", "bad", "good", schema, evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact(Path.Combine(fixture.Factory.Root, "none.zip"), new string('0', 64))));
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 1, new DateTimeOffset(2026, 4, 9, 0, 0, 0, TimeSpan.Zero),
            inputsJson: """{"Home":"=cmd|' /C calc'!A0","Income":1200}""", model: "credit-export");

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var csv = await client.GetStringAsync("/ops/export/outcomes.csv?model=credit-export");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("prediction_id,model,version,at,Home,Income,predicted_label,probability,true_label,label_timestamp,label_source", lines[0]);
        var row = lines[1].Split(',');
        Assert.Equal(p[0].Id.ToString(), row[0]);
        Assert.Equal("'=cmd|' /C calc'!A0", row[4]);
        Assert.Equal("1200", row[5]);
    }

    [Fact]
    public async Task DownloadTwin_NoCookie_NotServed()
    {
        using var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/download/models/{TrainedModelFixture.Model}/outcomes.csv");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Outcomes_UnknownModel_Returns404()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ops/export/outcomes.csv?model=nope")).StatusCode);
    }
}
