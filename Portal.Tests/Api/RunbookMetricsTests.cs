using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Serving;

namespace Portal.Tests.Api;

/// <summary>The series the runbooks' alerts read: drift share, test and realized F1, and model_loaded only where a champion was meant to serve.</summary>
public sealed class RunbookMetricsTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    [Fact]
    public async Task Metrics_AfterADriftRun_ModelDriftShareIsTheRunsShare()
    {
        const string model = "rbm-drift";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        Assert.DoesNotContain($"model_drift_share{{model=\"{model}\"}}", await ScrapeAsync());
        await DriftWindows.LogAsync(fx.Factory.Services, model, version, DriftWindows.ShiftedRows());
        var run = await (await fx.Scientist.PostAsync($"/api/models/{model}/drift/run", null)).JsonAsync();

        var text = await ScrapeAsync();

        var share = run.GetProperty("driftShare").GetDouble();
        Assert.True(share > 0);
        Assert.Equal(share, MetricsText.Value(text, $"model_drift_share{{model=\"{model}\"}}"), 9);
    }

    [Fact]
    public async Task Metrics_Champion_ModelTestF1IsTheVersionsTestF1()
    {
        const string model = "rbm-testf1";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        var f1 = (await (await fx.Admin.GetAsync($"/api/models/{model}/versions/{version}")).JsonAsync()).GetProperty("metrics").GetProperty("f1").GetDouble();

        Assert.Equal(f1, MetricsText.Value(await ScrapeAsync(), $"model_test_f1{{model=\"{model}\"}}"), 9);
    }

    [Fact]
    public async Task Metrics_LabelledPredictions_ModelRealizedF1IsTheSevenDayF1()
    {
        const string model = "rbm-realized";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);
        Assert.DoesNotContain($"model_realized_f1{{model=\"{model}\"}}", await ScrapeAsync());
        var logged = await LoggedPredictions.AddAsync(fx.Factory, 4, TimeProvider.System.GetUtcNow().AddHours(-2),
            probability: i => new[] { 0.9, 0.2, 0.7, 0.4 }[i], version: version, model: model);
        var labels = new[] { "malignant", "benign", "benign", "malignant" }.Select((l, i) => new { predictionId = logged[i].Id, label = l }).ToArray();
        Assert.Equal(4, (await (await fx.Scientist.PostAsJsonAsync("/api/labels", labels)).JsonAsync()).GetProperty("accepted").GetInt32());

        var text = await ScrapeAsync();

        // TP 0.9, FP 0.7, FN 0.4, TN 0.2: F1 = 2 / (2 + 1 + 1).
        Assert.Equal(0.5, MetricsText.Value(text, $"model_realized_f1{{model=\"{model}\"}}"), 9);
    }

    [Fact]
    public async Task Metrics_ChampionFailedToLoad_ModelLoadedIsZero()
    {
        const string model = "rbm-broken";
        await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.DoesNotContain($"model_loaded{{model=\"{model}\"}}", await ScrapeAsync());
        // What the start-up loader records when the registry's champion fails its integrity check.
        fx.Factory.Services.GetRequiredService<ModelServer>().RecordError(model, "SHA-256 mismatch");

        Assert.Equal(0, MetricsText.Value(await ScrapeAsync(), $"model_loaded{{model=\"{model}\"}}"));
    }

    [Fact]
    public async Task Metrics_RunbookNamesOffByDefault_NoLeadModelSeries()
    {
        const string model = "rbm-native";
        var version = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, version);

        var text = await ScrapeAsync();

        Assert.Contains($"model_test_auc{{model=\"{model}\"}}", text);
        Assert.DoesNotContain("lead_model_", text);
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await fx.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
