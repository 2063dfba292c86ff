using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>
/// Versions that look as a release before explanations left them (no explain.json, no calibration, CBPE reference,
/// importance or mean |SHAP| in the evaluation) get them back from their stored dataset after a restart, equal to
/// what training gave them; a version whose dataset is gone keeps saying why.
/// </summary>
public sealed class InsightBackfillApiTests
{
    private const string Kept = "kept";
    private const string Gone = "gone";

    [Fact]
    public async Task Restart_OlderVersions_BackfilledFromTheirDatasetOrToldWhyNot()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        string explained, calibration, importance, estimation;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            var keptId = await scientist.UploadSampleAsync("breast_cancer.csv");
            // Another dataset (one row fewer), so deleting its file leaves the first one stored.
            var lines = File.ReadAllLines(TestPaths.Sample("breast_cancer.csv"));
            var goneUpload = await scientist.UploadCsvAsync(string.Join('\n', lines[..^1]) + "\n", "fewer.csv");
            var goneId = (await goneUpload.JsonAsync()).GetProperty("id").GetInt32();
            foreach (var (model, datasetId) in new[] { (Kept, keptId), (Gone, goneId) })
            {
                var start = await scientist.PostAsJsonAsync($"/api/models/{model}/train",
                    new { datasetId, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
                Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
                await first.WaitForRunAsync((await start.JsonAsync()).GetProperty("runId").GetGuid());
            }

            // What a freshly trained version answers.
            explained = await ExplainAsync(scientist, Kept);
            calibration = await scientist.GetStringAsync($"/api/models/{Kept}/versions/1/calibration");
            importance = await scientist.GetStringAsync($"/api/models/{Kept}/versions/1/importance");
            var registry = first.Services.GetRequiredService<IModelRegistry>();
            estimation = JsonSerializer.Serialize((await registry.GetVersionAsync(Kept, 1))!.Evaluation.Estimation);
            Assert.Contains("\"meanAbsShap\":[", importance);

            // As an older release left them.
            var artefacts = first.Services.GetRequiredService<ArtefactStore>();
            foreach (var model in new[] { Kept, Gone })
            {
                var version = (await registry.GetVersionAsync(model, 1))!;
                File.Delete(artefacts.Resolve(ExplanationStore.KeyOf(version.ArtefactKey)));
                var e = version.Evaluation;
                await registry.UpdateEvaluationAsync(model, 1, e with
                {
                    Calibration = null, Estimation = null, Importance = null, MeanAbsShap = null,
                    Metrics = e.Metrics with { ExpectedCalibrationError = null },
                });
            }

            var gone = (await first.Services.GetRequiredService<DatasetService>().GetAsync(goneId))!;
            await first.Services.GetRequiredService<DatasetFiles>().DeleteAsync(gone.Sha256);
        }

        using var second = new PortalFactory { Root = root };
        using var client = await second.ClientForAsync(Roles.Viewer);

        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/models/{Kept}/versions/1/importance")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(120), "the backfill of kept v1");
        Assert.Equal(explained, await ExplainAsync(client, Kept));
        Assert.Equal(calibration, await client.GetStringAsync($"/api/models/{Kept}/versions/1/calibration"));
        Assert.Equal(importance, await client.GetStringAsync($"/api/models/{Kept}/versions/1/importance"));
        var registry2 = second.Services.GetRequiredService<IModelRegistry>();
        Assert.Equal(estimation, JsonSerializer.Serialize((await registry2.GetVersionAsync(Kept, 1))!.Evaluation.Estimation));
        Assert.True(File.Exists(second.Services.GetRequiredService<ArtefactStore>().Resolve(ExplanationStore.KeyOf((await registry2.GetVersionAsync(Kept, 1))!.ArtefactKey))));

        await Eventually.TrueAsync(async () => (await registry2.GetVersionAsync(Gone, 1))!.Evaluation.InsightsNote is not null,
            TimeSpan.FromSeconds(120), "the backfill of gone v1 to give up");
        var refused = await client.PostAsJsonAsync($"/api/models/{Gone}/predict?version=1&explain=true", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains(InsightBackfill.DatasetGone, (await refused.JsonAsync()).GetProperty("detail").GetString());
        var noCalibration = await client.GetAsync($"/api/models/{Gone}/versions/1/calibration");
        Assert.Equal(HttpStatusCode.NotFound, noCalibration.StatusCode);
        Assert.Contains(InsightBackfill.DatasetGone, (await noCalibration.JsonAsync()).GetProperty("detail").GetString());
        // Predictions themselves never depended on it.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/models/{Gone}/predict?version=1", new { features = FirstRow() })).StatusCode);
    }

    private static async Task<string> ExplainAsync(HttpClient client, string model)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predict?version=1&explain=true", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("explanation").GetRawText();
    }

    private static JsonObject FirstRow()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).ToArray();
        var names = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        for (var i = 0; i < names.Length; i++)
            if (names[i] != "diagnosis") row[names[i]] = double.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        return row;
    }
}
