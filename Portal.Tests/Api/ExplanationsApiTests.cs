using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Explanations;
using Portal.Core.Registry;

namespace Portal.Tests.Api;

/// <summary>?explain=true on predict, and a logged prediction's explanation by id (and its seed alias), on a trained FastTree.</summary>
public sealed class ExplanationsApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Predict = $"/api/models/{TrainedModelFixture.Model}/predict";

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

    /// <summary>Checks an explanation's arithmetic and order; returns its values.</summary>
    private static List<JsonElement> AssertExact(JsonElement explanation, double probability)
    {
        Assert.Equal("logit", explanation.GetProperty("space").GetString());
        var values = explanation.GetProperty("values").EnumerateArray().ToList();
        var baseValue = explanation.GetProperty("baseValue").GetDouble();
        var logit = explanation.GetProperty("logit").GetDouble();
        Assert.Equal(logit, baseValue + values.Sum(v => v.GetProperty("value").GetDouble()), 1e-9);
        Assert.Equal(probability, 1 / (1 + Math.Exp(-logit)), 1e-6);
        Assert.Equal(probability - explanation.GetProperty("probabilityBase").GetDouble(), values.Sum(v => v.GetProperty("probabilityValue").GetDouble()), 1e-6);
        var magnitudes = values.Select(v => Math.Abs(v.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(magnitudes.OrderByDescending(m => m), magnitudes);
        Assert.True(magnitudes[0] > 0);
        return values;
    }

    [Fact]
    public async Task Predict_ExplainTrue_AddsAnExplanationThatSumsToTheLogit()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync($"{Predict}?version=1&explain=true", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var values = AssertExact(body.GetProperty("explanation"), body.GetProperty("probability").GetDouble());
        Assert.Equal(30, values.Count);
        var radius = values.Single(v => v.GetProperty("feature").GetString() == "mean_radius");
        Assert.Equal(17.99, radius.GetProperty("input").GetDouble(), 1e-5);
    }

    [Fact]
    public async Task Predict_BatchExplainTrue_ExplainsEveryRow()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var second = FirstRow();
        second["mean_radius"] = 9.5;
        var response = await client.PostAsJsonAsync($"{Predict}?version=1&explain=TRUE", new { instances = new[] { FirstRow(), second } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.JsonAsync()).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        foreach (var p in predictions) AssertExact(p.GetProperty("explanation"), p.GetProperty("probability").GetDouble());
    }

    [Fact]
    public async Task Predict_ExplainFalseOrAbsent_HasNoExplanation()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        foreach (var query in new[] { "", "&explain=false" })
        {
            var text = await (await client.PostAsJsonAsync($"{Predict}?version=1{query}", new { features = FirstRow() })).Content.ReadAsStringAsync();
            Assert.DoesNotContain("explanation", text);
        }
    }

    [Fact]
    public async Task Predict_ExplainMaybe_Returns400NamingExplain()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync($"{Predict}?version=1&explain=maybe", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("explain", out _));
    }

    [Theory]
    [InlineData("/api/predictions/{0}/explanation")]
    [InlineData("/api/ml/explain/{0}")]
    public async Task GetExplanation_LoggedPrediction_RecomputesWithItsVersion(string path)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var live = await (await client.PostAsJsonAsync($"{Predict}?version=1&explain=true", new { features = FirstRow() })).JsonAsync();
        var logged = await LoggedPredictions.AddAsync(fixture.Factory, 1, DateTimeOffset.UtcNow, FirstRow().ToJsonString(),
            probability: _ => live.GetProperty("probability").GetDouble());

        var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, logged[0].Id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(logged[0].Id, body.GetProperty("predictionId").GetGuid());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        AssertExact(body, live.GetProperty("probability").GetDouble());
        Assert.Equal(live.GetProperty("explanation").GetProperty("logit").GetDouble(), body.GetProperty("logit").GetDouble());
    }

    [Fact]
    public async Task GetExplanation_UnknownId_Returns404()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/predictions/{Guid.NewGuid()}/explanation");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task GetExplanation_Anonymous_Returns401()
    {
        using var client = fixture.Factory.CreateClient();
        var response = await client.GetAsync($"/api/ml/explain/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Explain_VersionWithoutStoredCovers_Returns409SayingWhy()
    {
        using var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var trained = await scientist.PostAsJsonAsync($"/api/models/{TrainedModelFixture.Model}/train",
            new { datasetId = fixture.DatasetId, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree", options = new { numberOfTrees = 5 } });
        var run = await fixture.Factory.WaitForRunAsync((await trained.JsonAsync()).GetProperty("runId").GetGuid());
        var version = run.Version!.Value;
        // As a version trained before explanations were kept: its covers are not beside its zip.
        var store = fixture.Factory.Services.GetRequiredService<ArtefactStore>();
        var sidecar = store.Resolve(ExplanationStore.KeyOf(ArtefactStore.KeyOf(TrainedModelFixture.Model, version)));
        Assert.True(File.Exists(sidecar));
        File.Delete(sidecar);

        var response = await scientist.PostAsJsonAsync($"{Predict}?version={version}&explain=true", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("no node covers", (await response.JsonAsync()).GetProperty("detail").GetString());
        var plain = await scientist.PostAsJsonAsync($"{Predict}?version={version}", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }
}
