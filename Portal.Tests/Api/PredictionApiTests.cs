using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class PredictionApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Predict = $"/api/models/{TrainedModelFixture.Model}/predict";

    /// <summary>The first data row of breast_cancer.csv (a malignant case) as a features object.</summary>
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

    [Fact]
    public async Task Predict_PinnedVersion_ReturnsLabelAndProbability()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(TrainedModelFixture.Model, body.GetProperty("model").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("malignant", body.GetProperty("label").GetString());
        Assert.InRange(body.GetProperty("probability").GetDouble(), 0.5, 1);
        Assert.NotEqual(Guid.Empty, body.GetProperty("predictionId").GetGuid());
    }

    [Fact]
    public async Task Predict_Response_IsTheDocumentedJsonWithItsContentLength()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { features = FirstRow() });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), response.Content.Headers.ContentLength);
        Assert.Matches($$"""^\{"predictionId":"[0-9a-f-]{36}","model":"{{TrainedModelFixture.Model}}","version":1,"label":"malignant","probability":0\.[0-9]+(E-[0-9]+)?,"warnings":\[\]\}$""", text);
    }

    [Fact]
    public async Task Predict_NoChampion_Returns503SayingSo()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync(Predict, new { features = FirstRow() });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no champion", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Predict_Batch_ReturnsOnePredictionPerRow()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { instances = new[] { FirstRow(), FirstRow(), FirstRow() } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        var predictions = body.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(3, predictions.Count);
        Assert.Equal(3, predictions.Select(p => p.GetProperty("predictionId").GetGuid()).Distinct().Count());
    }

    [Fact]
    public async Task Predict_BatchOverLimit_Returns413()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var rows = Enumerable.Range(0, TrainedModelFixture.BatchLimit + 1).Select(_ => FirstRow()).ToArray();
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { instances = rows });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains($"limit is {TrainedModelFixture.BatchLimit}", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Predict_MissingUnknownAndWronglyTypedFeatures_Returns400NamingEach()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var row = FirstRow();
        row.Remove("mean_radius");
        row["shoe_size"] = 42;
        row["mean_texture"] = "rough";
        row["mean_area"] = null;
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { features = row });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Contains("missing", errors.GetProperty("mean_radius")[0].GetString());
        Assert.Contains("not a feature", errors.GetProperty("shoe_size")[0].GetString());
        Assert.Contains("must be a number", errors.GetProperty("mean_texture")[0].GetString());
        Assert.Contains("null is not allowed", errors.GetProperty("mean_area")[0].GetString());
    }

    [Fact]
    public async Task Predict_BatchWithOneBadRow_Returns400NamingTheRow()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var bad = FirstRow();
        bad["mean_radius"] = "big";
        var response = await client.PostAsJsonAsync($"{Predict}?version=1", new { instances = new[] { FirstRow(), bad } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("instances[1].mean_radius", out _));
    }

    [Theory]
    [InlineData("/api/models/no-such-model/predict", HttpStatusCode.NotFound)]
    [InlineData(Predict + "?version=99", HttpStatusCode.NotFound)]
    [InlineData(Predict + "?alias=challenger", HttpStatusCode.NotFound)]
    [InlineData(Predict + "?alias=favourite", HttpStatusCode.BadRequest)]
    public async Task Predict_UnknownTarget_ReturnsProblem(string path, HttpStatusCode expected)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync(path, new { features = FirstRow() });
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"rows\":[]}")]
    [InlineData("[1,2]")]
    [InlineData("{\"features\":{}} trailing")]
    [InlineData("")]
    public async Task Predict_MalformedBody_Returns400(string body)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsync($"{Predict}?version=1", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
