using System.Net;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>The runbooks' own paths answer like their native routes, with the same auth and the runbook's model choice.</summary>
public sealed class RunbookAliasesApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    [Fact]
    public async Task ModelInfo_NamedModel_SameBodyAsTheNativeRoute()
    {
        var v1 = await fx.TrainAsync("rb-info", LifecycleFixture.Weak);
        await fx.PromoteAsync("rb-info", v1);

        var alias = await fx.Admin.GetAsync("/model/info?model=rb-info");

        Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        Assert.Equal(await (await fx.Admin.GetAsync("/api/models/rb-info")).Content.ReadAsStringAsync(), await alias.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync("/model/info?model=rb-never")).StatusCode);
    }

    [Fact]
    public async Task ModelInfo_SeveralModelsNoneNamed_Returns400NamingModel()
    {
        await fx.TrainAsync("rb-several-a", LifecycleFixture.Weak);
        await fx.TrainAsync("rb-several-b", LifecycleFixture.Weak);

        var response = await fx.Admin.GetAsync("/model/info");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("model", out _));
    }

    [Theory]
    [InlineData("/model/info?model=x")]
    [InlineData("/stats")]
    [InlineData("/monitoring/stats?model=x")]
    [InlineData("/api/ml/status")]
    [InlineData("/api/ml/models/performance?model=x")]
    [InlineData("/api/ml/drift/status?model=x")]
    [InlineData("/ops/model-card?model=x")]
    public async Task Alias_NoCredential_Returns401ProblemNotALoginPage(string path)
    {
        using var anonymous = fx.Factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Stats_Viewer_SameShapeAsApiStats()
    {
        using var viewer = await fx.Factory.ClientForAsync(Roles.Viewer);

        var body = await (await viewer.GetAsync("/stats")).JsonAsync();

        foreach (var field in new[] { "since", "totalRequests", "errorRate", "p95LatencyMs", "endpoints" })
            Assert.True(body.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task MonitoringStats_LoggedPredictions_CountsPerHourAndPerDay()
    {
        var v1 = await fx.TrainAsync("rb-volume", LifecycleFixture.Weak);
        var now = TimeProvider.System.GetUtcNow();
        await LoggedPredictions.AddAsync(fx.Factory, 2, now.AddMinutes(-10), version: v1, model: "rb-volume");
        await LoggedPredictions.AddAsync(fx.Factory, 3, now.AddMinutes(-90), version: v1, model: "rb-volume");
        await LoggedPredictions.AddAsync(fx.Factory, 2, now.AddDays(-3), version: v1, model: "rb-volume");
        await LoggedPredictions.AddAsync(fx.Factory, 4, now.AddDays(-9), version: v1, model: "rb-volume");

        var response = await fx.Admin.GetAsync("/monitoring/stats?model=rb-volume");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("rb-volume", body.GetProperty("model").GetString());
        Assert.Equal(2, body.GetProperty("predictions_last_hour").GetInt64());
        Assert.Equal(5, body.GetProperty("predictions_last_24h").GetInt64());
        Assert.Equal(7, body.GetProperty("predictions_last_7d").GetInt64());
        var perHour = body.GetProperty("per_hour").EnumerateArray().ToList();
        var perDay = body.GetProperty("per_day").EnumerateArray().ToList();
        Assert.Equal(24, perHour.Count);
        Assert.Equal(7, perDay.Count);
        Assert.Equal(5, perHour.Sum(b => b.GetProperty("predictions").GetInt64()));
        Assert.Equal(7, perDay.Sum(b => b.GetProperty("predictions").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync("/monitoring/stats?model=rb-never")).StatusCode);
    }

    [Fact]
    public async Task MlStatus_TwoModels_ListsTheOpsStatusOfEach()
    {
        var v1 = await fx.TrainAsync("rb-status-served", LifecycleFixture.Weak);
        await fx.PromoteAsync("rb-status-served", v1);
        await fx.TrainAsync("rb-status-none", LifecycleFixture.Weak);

        var models = (await (await fx.Admin.GetAsync("/api/ml/status")).JsonAsync()).GetProperty("models").EnumerateArray()
            .ToDictionary(m => m.GetProperty("model").GetString()!);

        Assert.True(models["rb-status-served"].GetProperty("loaded").GetBoolean());
        Assert.Equal(v1, models["rb-status-served"].GetProperty("version").GetInt32());
        Assert.Equal("no_model", models["rb-status-none"].GetProperty("health").GetString());
        Assert.True(models["rb-status-served"].TryGetProperty("drift_score", out _));
    }

    [Fact]
    public async Task MlPerformance_NamedModel_SameBodyAsTheNativeRouteAndItsValidation()
    {
        var v1 = await fx.TrainAsync("rb-perf", LifecycleFixture.Weak);
        await fx.PromoteAsync("rb-perf", v1);

        var alias = await fx.Admin.GetAsync("/api/ml/models/performance?model=rb-perf&bucket=1h");

        Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        var native = await (await fx.Admin.GetAsync("/api/models/rb-perf/performance?bucket=1h")).JsonAsync();
        var body = await alias.JsonAsync();
        Assert.Equal(native.GetProperty("model").GetString(), body.GetProperty("model").GetString());
        Assert.Equal("1h", body.GetProperty("bucket").GetString());
        Assert.Equal(native.GetProperty("versions").GetArrayLength(), body.GetProperty("versions").GetArrayLength());
        var bad = await fx.Admin.GetAsync("/api/ml/models/performance?model=rb-perf&bucket=2w");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("bucket", out _));
    }

    [Fact]
    public async Task MlDriftStatus_AfterARun_SameBodyAsTheNativeRoute()
    {
        var v1 = await fx.TrainAsync("rb-drift", LifecycleFixture.Weak);
        await fx.PromoteAsync("rb-drift", v1);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync("/api/ml/drift/status?model=rb-drift")).StatusCode);
        await DriftWindows.LogAsync(fx.Factory.Services, "rb-drift", v1, DriftWindows.ShiftedRows());
        Assert.Equal(HttpStatusCode.OK, (await fx.Scientist.PostAsync("/api/models/rb-drift/drift/run", null)).StatusCode);

        var alias = await fx.Admin.GetAsync("/api/ml/drift/status?model=rb-drift");

        Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        Assert.Equal(await (await fx.Admin.GetAsync("/api/models/rb-drift/drift")).Content.ReadAsStringAsync(), await alias.Content.ReadAsStringAsync());
        Assert.True((await alias.JsonAsync()).GetProperty("driftShare").GetDouble() > 0);
    }

    [Fact]
    public async Task ModelCard_Champion_TheChampionsCardAsJsonAndMarkdown()
    {
        var v1 = await fx.TrainAsync("rb-card", LifecycleFixture.Weak);
        var none = await fx.Admin.GetAsync("/ops/model-card?model=rb-card");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Contains("no champion", (await none.JsonAsync()).GetProperty("detail").GetString());
        await fx.PromoteAsync("rb-card", v1);

        var json = await fx.Admin.GetAsync("/ops/model-card?model=rb-card");
        using var markdownRequest = new HttpRequestMessage(HttpMethod.Get, "/ops/model-card?model=rb-card");
        markdownRequest.Headers.Accept.ParseAdd("text/markdown");
        var markdown = await fx.Admin.SendAsync(markdownRequest);

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(await (await fx.Admin.GetAsync($"/api/models/rb-card/versions/{v1}/card")).Content.ReadAsStringAsync(), await json.Content.ReadAsStringAsync());
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync("/ops/model-card?model=rb-never")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_Aliases_HaveSummaryTagSecurityAnd4xx()
    {
        using var anonymous = fx.Factory.CreateClient();
        var paths = (await (await anonymous.GetAsync("/openapi/v1.json")).JsonAsync()).GetProperty("paths");

        foreach (var path in new[] { "/model/info", "/stats", "/monitoring/stats", "/api/ml/status", "/api/ml/models/performance", "/api/ml/drift/status", "/ops/model-card" })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.False(string.IsNullOrWhiteSpace(get.GetProperty("summary").GetString()), path);
            Assert.True(get.GetProperty("tags").GetArrayLength() > 0, path);
            Assert.Equal(2, get.GetProperty("security").GetArrayLength());
            Assert.True(get.GetProperty("responses").TryGetProperty("401", out _), path);
            Assert.True(get.GetProperty("responses").TryGetProperty("404", out _), path);
        }
    }
}
