using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Performance;

namespace Portal.Tests.Api;

/// <summary>model_estimated_auc and model_estimated_f1 on /metrics: each version's CBPE estimate of its latest complete hour with predictions.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class EstimatedPerformanceMetricsTests(TrainedModelFixture fixture)
{

    [Fact]
    public async Task Metrics_PredictionsInTheLastCompleteHour_ExportTheEstimatedAucAndF1AndPassPromtool()
    {
        Assert.True(File.Exists(MetricsText.Promtool), $"{MetricsText.Promtool} is missing: install it with 'apt-get install -y prometheus' (test.sh does this).");
        var now = fixture.Factory.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var end = RealizedPerformance.BucketStart(now, RealizedPerformance.Hour);
        double[] p = [0.92, 0.15, 0.66, 0.41, 0.8, 0.03, 0.55, 0.27];
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        // A scrape of this hour before the predictions: the report it keeps must not outlive them (the window's count changed).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
        await LoggedPredictions.AddAsync(fixture.Factory, p.Length, end.AddMinutes(-50), probability: i => p[i]);

        var scrape = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        var text = await scrape.Content.ReadAsStringAsync();

        // The same hour through the API (the gauge's latest hour with predictions).
        var body = await (await client.GetAsync(
            $"/api/models/{TrainedModelFixture.Model}/performance?from={Uri.EscapeDataString((end.AddDays(-1)).ToString("O"))}&to={Uri.EscapeDataString(end.ToString("O"))}&bucket=1h&estimated=true")).JsonAsync();
        var version = body.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 1);
        var latest = version.GetProperty("buckets").EnumerateArray().Last().GetProperty("estimated");
        Assert.Equal(latest.GetProperty("auc").GetProperty("value").GetDouble(), MetricsText.Value(text, $"model_estimated_auc{{model=\"{TrainedModelFixture.Model}\",version=\"1\"}}"), 9);
        Assert.Equal(latest.GetProperty("f1").GetProperty("value").GetDouble(), MetricsText.Value(text, $"model_estimated_f1{{model=\"{TrainedModelFixture.Model}\",version=\"1\"}}"), 9);

        await MetricsText.AssertPromtoolCleanAsync(text);
    }

}
