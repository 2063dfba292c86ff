using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Drift;

namespace Portal.Tests.Api;

public sealed class MetricsApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{

    [Fact]
    public async Task Metrics_NoCredential_Returns401()
    {
        using var anonymous = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_ViewerApiKeyInHeader_Returns200WithPrometheusText()
    {
        var key = await CreateViewerKeyAsync();
        using var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE http_requests_total counter", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_ViewerApiKeyInQuery_Returns200()
    {
        var key = await CreateViewerKeyAsync();
        using var client = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/metrics?api_key={Uri.EscapeDataString(key)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics?api_key=not-a-key")).StatusCode);
    }

    [Fact]
    public async Task Metrics_AfterPredictions_CarryModelLabels()
    {
        const string model = "metrics-model";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        for (var i = 0; i < 3; i++)
        {
            var predicted = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/predict?version={version}", new { features = LifecycleFixture.FirstRow() });
            Assert.Equal(HttpStatusCode.OK, predicted.StatusCode);
        }

        var text = await ScrapeAsync();

        Assert.Matches($@"(?m)^predictions_total\{{model=""{model}"",version=""{version}"",outcome=""(malignant|benign)""\}} 3$", text);
        Assert.Matches($@"(?m)^prediction_probability_bucket\{{model=""{model}"",le=""0\.5""\}} \d+$", text);
        Assert.Matches($@"(?m)^prediction_probability_count\{{model=""{model}""\}} 3$", text);
        Assert.Contains($"model_loaded{{model=\"{model}\"}} 1", text);
        Assert.Contains($"model_champion_version{{model=\"{model}\"}} {version}", text);
        Assert.Matches($@"(?m)^model_test_auc\{{model=""{model}""\}} 0\.\d+", text);
        Assert.Contains($"model_training_rows{{model=\"{model}\"}} 456", text);
        Assert.Matches($@"(?m)^model_trained_timestamp_seconds\{{model=""{model}""\}} \d", text);
        Assert.Matches($@"(?m)^model_last_reload_timestamp_seconds\{{model=""{model}""\}} \d", text);
    }

    [Fact]
    public async Task Metrics_AfterRequests_HttpMetricsUseTheRouteTemplate()
    {
        await fx.Admin.GetAsync("/api/models/some-model-that-does-not-exist");

        var text = await ScrapeAsync();

        Assert.Contains("# TYPE http_request_duration_seconds histogram", text);
        Assert.Matches(@"(?m)^http_requests_total\{code=""404"",method=""GET"",endpoint=""/api/models/\{name\}""\} \d+$", text);
        Assert.Matches(@"(?m)^http_request_duration_seconds_bucket\{code=""404"",method=""GET"",endpoint=""/api/models/\{name\}"",le=""1""\} \d+$", text);
        Assert.DoesNotContain("some-model-that-does-not-exist", text);
    }

    [Fact]
    public async Task Metrics_TrainedButNotPromoted_NoModelLoadedSeriesAndNoChampionSeries()
    {
        const string model = "metrics-unpromoted";
        await fx.TrainAsync(model, LifecycleFixture.Weak);

        var text = await ScrapeAsync();

        // Never had a champion: not "not loaded" (ModelNotLoaded must not fire for it).
        Assert.DoesNotContain($"model_loaded{{model=\"{model}\"}}", text);
        Assert.DoesNotContain($"model_champion_version{{model=\"{model}\"}}", text);
    }

    [Fact]
    public async Task Metrics_DriftScorePublished_ExposedAsModelDriftScore()
    {
        const string model = "metrics-drift";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        fx.Factory.Services.GetRequiredService<DriftScoreBoard>().Publish(model, version, 3.25);

        var text = await ScrapeAsync();

        Assert.Contains($"model_drift_score{{model=\"{model}\"}} 3.25", text);
    }

    [Fact]
    public async Task Metrics_PredictionLog_ExposesQueueAndDrops()
    {
        var text = await ScrapeAsync();

        Assert.Contains("# TYPE prediction_log_dropped_total counter", text);
        Assert.Matches(@"(?m)^prediction_log_dropped_total \d+$", text);
        Assert.Matches(@"(?m)^prediction_log_queue_length \d+$", text);
        Assert.Matches(@"(?m)^prediction_log_capacity \d+$", text);
    }

    [Fact]
    public async Task Metrics_RealOutput_PassesPromtoolCheckMetrics()
    {
        Assert.True(File.Exists(MetricsText.Promtool), $"{MetricsText.Promtool} is missing: install it with 'apt-get install -y prometheus' (test.sh does this).");
        var model = "metrics-promtool";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        await fx.Admin.PostAsJsonAsync($"/api/models/{model}/predict?version={version}", new { features = LifecycleFixture.FirstRow() });
        var text = await ScrapeAsync();

        await MetricsText.AssertPromtoolCleanAsync(text);
    }

    private async Task<string> CreateViewerKeyAsync()
    {
        var created = await fx.Admin.PostAsJsonAsync("/api/keys", new { name = $"prometheus-{Guid.NewGuid():N}", role = Roles.Viewer });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.JsonAsync()).GetProperty("key").GetString()!;
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await fx.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
