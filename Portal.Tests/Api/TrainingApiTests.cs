using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class TrainingApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task Run_AfterTraining_SucceededWithVersionAndMetrics()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var run = await (await client.GetAsync($"/api/runs/{fixture.RunId}")).JsonAsync();
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(1.0, run.GetProperty("progress").GetDouble());
        Assert.Equal(1, run.GetProperty("version").GetInt32());
        Assert.True(run.GetProperty("metrics").GetProperty("auc").GetDouble() > 0.95);
    }

    [Fact]
    public async Task Version_AfterTraining_KeepsSchemaLineageAndArtefactHash()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var version = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1")).JsonAsync();
        Assert.Equal("FastTree", version.GetProperty("trainer").GetString());
        Assert.Equal(fixture.DatasetId, version.GetProperty("datasetId").GetInt32());
        Assert.Equal(64, version.GetProperty("datasetSha256").GetString()!.Length);
        Assert.Equal(30, version.GetProperty("features").GetArrayLength());
        Assert.Equal("numeric", version.GetProperty("features")[0].GetProperty("type").GetString());
        Assert.StartsWith("datascientist-", version.GetProperty("createdBy").GetString());
        Assert.Equal("None", version.GetProperty("stage").GetString());
        var metrics = version.GetProperty("metrics");
        foreach (var metric in new[] { "auc", "f1", "accuracy", "precision", "recall", "brier", "logLoss" })
            Assert.InRange(metrics.GetProperty(metric).GetDouble(), 0, 1);
        Assert.Equal(569, metrics.GetProperty("testRows").GetInt32() + metrics.GetProperty("trainRows").GetInt32());

        var artefact = Path.Combine(fixture.Factory.Root, "models", TrainedModelFixture.Model, "v1.zip");
        Assert.Equal(Portal.Core.Common.Sha256Hex.OfFile(artefact), version.GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData("{\"datasetId\":DS,\"label\":\"nope\",\"positiveClass\":\"malignant\"}", "label")]
    [InlineData("{\"datasetId\":DS,\"label\":\"mean_radius\",\"positiveClass\":\"1\"}", "label")]
    [InlineData("{\"datasetId\":DS,\"label\":\"diagnosis\",\"positiveClass\":\"maybe\"}", "positiveClass")]
    [InlineData("{\"datasetId\":DS,\"label\":\"diagnosis\",\"positiveClass\":\"malignant\",\"trainer\":\"Xgb\"}", "trainer")]
    [InlineData("{\"datasetId\":DS,\"label\":\"diagnosis\",\"positiveClass\":\"malignant\",\"options\":{\"numberOfTrees\":0}}", "options.numberOfTrees")]
    [InlineData("{\"datasetId\":DS,\"label\":\"diagnosis\",\"positiveClass\":\"malignant\",\"options\":{\"bogus\":1}}", "options.bogus")]
    [InlineData("{\"datasetId\":DS,\"label\":\"diagnosis\",\"positiveClass\":\"malignant\",\"testFraction\":0.99}", "testFraction")]
    [InlineData("{\"datasetId\":424242,\"label\":\"diagnosis\",\"positiveClass\":\"malignant\"}", "datasetId")]
    [InlineData("{\"label\":\"diagnosis\"}", "datasetId")]
    public async Task Train_BadRequest_Returns400NamingTheField(string body, string field)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var content = new StringContent(body.Replace("DS", fixture.DatasetId.ToString()), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync($"/api/models/{TrainedModelFixture.Model}/train", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got {errors}");
    }

    [Fact]
    public async Task Train_InvalidModelName_Returns400()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var response = await client.PostAsJsonAsync("/api/models/Bad%20Name/train", new { datasetId = fixture.DatasetId, label = "diagnosis", positiveClass = "malignant" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact]
    public async Task GetRun_Unknown_Returns404()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/runs/{Guid.NewGuid()}")).StatusCode);
    }
}
