using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>The rollout_* series on /metrics: live counters per arm, share and state, the latest evidence, and the automatic rollback counter.</summary>
public sealed class RolloutMetricsApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{

    private async Task<(string Model, Guid Id)> AbRolloutAsync(string model)
    {
        var v1 = await fx.TrainAsync(model);
        await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1)).StatusCode);
        var created = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "ab", candidateVersion = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (model, (await created.JsonAsync()).GetProperty("id").GetGuid());
    }

    private async Task<List<Guid>> PredictAsync(string model, int count)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict") { Content = JsonContent.Create(new { features = LifecycleFixture.FirstRow() }) };
            request.Headers.Add(RolloutStickyKey.HeaderName, $"customer-{i}");
            using var response = await fx.Admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add((await response.JsonAsync()).GetProperty("predictionId").GetGuid());
        }

        return ids;
    }

    private async Task<string> ScrapeAsync()
    {
        var response = await fx.Admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }


    [Fact]
    public async Task Metrics_ActiveAbRollout_ExportsTheLiveCountersShareAndStatePerArm()
    {
        var (model, id) = await AbRolloutAsync("rm-live");
        await PredictAsync(model, 20);

        var text = await ScrapeAsync();

        var labels = $"model=\"{model}\",rollout=\"{id}\",kind=\"ab\"";
        var live = fx.Factory.Services.GetRequiredService<ModelServer>().RolloutOf(model)!.Stats.Snapshot();
        Assert.Contains("# TYPE rollout_requests_total counter", text);
        Assert.Equal(live.ChampionServed, MetricsText.Value(text, $"rollout_requests_total{{{labels},arm=\"champion\"}}"));
        Assert.Equal(live.CandidateServed, MetricsText.Value(text, $"rollout_requests_total{{{labels},arm=\"candidate\"}}"));
        Assert.Equal(20, live.ChampionServed + live.CandidateServed);
        Assert.True(live.CandidateServed > 0 && live.ChampionServed > 0, "20 keys should reach both arms of a 50/50 split");
        Assert.Equal(0, MetricsText.Value(text, $"rollout_errors_total{{{labels},arm=\"candidate\"}}"));
        Assert.Equal(0.5, MetricsText.Value(text, $"rollout_candidate_share{{{labels}}}"));
        Assert.Equal(1, MetricsText.Value(text, $"rollout_state{{{labels},state=\"running\"}}"));
        Assert.Equal(0, MetricsText.Value(text, $"rollout_rollbacks_total{{model=\"{model}\"}}"));
        Assert.DoesNotContain($"rollout_shadow_shed_total{{{labels}}}", text);
        // No look yet: no evidence series.
        Assert.DoesNotContain($"rollout_predicted_positive_rate{{{labels}", text);

        var paused = await fx.Admin.PostAsync($"/api/models/{model}/rollouts/{id}/pause", null);
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        text = await ScrapeAsync();
        Assert.Equal(1, MetricsText.Value(text, $"rollout_state{{{labels},state=\"paused\"}}"));
        Assert.DoesNotContain($"rollout_state{{{labels},state=\"running\"}}", text);
    }

    [Fact]
    public async Task Metrics_AfterALook_ExportThePredictedPositiveRate_AndNoRealizedMetricsWithoutLabels()
    {
        var (model, id) = await AbRolloutAsync("rm-evidence");
        var ids = await PredictAsync(model, 20);
        var predictions = fx.Factory.Services.GetRequiredService<IPredictionStore>();
        await Eventually.TrueAsync(async () => (await predictions.GetManyAsync(ids)).Count == ids.Count, TimeSpan.FromSeconds(30), "the predictions to be stored");

        var decider = fx.Factory.Services.GetRequiredService<RolloutDecider>();
        await decider.DecideAllAsync();
        var evidence = decider.LatestEvidence(id)!;
        var text = await ScrapeAsync();

        var labels = $"model=\"{model}\",rollout=\"{id}\",kind=\"ab\"";
        Assert.Equal(evidence.Champion.PredictedPositiveRate!.Value, MetricsText.Value(text, $"rollout_predicted_positive_rate{{{labels},arm=\"champion\"}}"), 9);
        Assert.Equal(evidence.Candidate.PredictedPositiveRate!.Value, MetricsText.Value(text, $"rollout_predicted_positive_rate{{{labels},arm=\"candidate\"}}"), 9);
        Assert.Null(evidence.Champion.Auc);
        Assert.DoesNotContain($"rollout_realized_auc{{{labels}", text);
        Assert.DoesNotContain($"rollout_realized_accuracy{{{labels}", text);
    }

    [Fact]
    public async Task Metrics_AutomaticRollback_CountsIt_AndTheRolloutsSeriesGoAway()
    {
        var (model, id) = await AbRolloutAsync("rm-rollback");
        await PredictAsync(model, 4);
        var labels = $"model=\"{model}\",rollout=\"{id}\",kind=\"ab\"";
        Assert.Contains($"rollout_requests_total{{{labels},arm=\"champion\"}}", await ScrapeAsync());
        var service = fx.Factory.Services.GetRequiredService<RolloutService>();

        var ended = await service.ApplyAsync((await service.GetAsync(id))!, RolloutAction.RolledBack, "The candidate's error rate is too high.", null);

        Assert.Equal(RolloutState.RolledBack, ended?.State);
        var text = await ScrapeAsync();
        Assert.Equal(1, MetricsText.Value(text, $"rollout_rollbacks_total{{model=\"{model}\"}}"));
        Assert.DoesNotContain($"rollout=\"{id}\"", text);

        // An abort by hand is not an automatic rollback.
        var again = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "shadow", candidateVersion = 2 });
        var second = (await again.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.PostAsync($"/api/models/{model}/rollouts/{second}/abort", null)).StatusCode);
        Assert.Equal(1, MetricsText.Value(await ScrapeAsync(), $"rollout_rollbacks_total{{model=\"{model}\"}}"));
    }

    [Fact]
    public async Task Metrics_WithAShadowRollout_PassPromtoolCheckMetrics()
    {
        Assert.True(File.Exists(MetricsText.Promtool), $"{MetricsText.Promtool} is missing: install it with 'apt-get install -y prometheus' (test.sh does this).");
        const string model = "rm-promtool";
        var v1 = await fx.TrainAsync(model);
        await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, v1);
        var created = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "shadow", candidateVersion = 2 });
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        await PredictAsync(model, 3);
        var text = await ScrapeAsync();
        var labels = $"model=\"{model}\",rollout=\"{id}\",kind=\"shadow\"";
        Assert.Equal(3, MetricsText.Value(text, $"rollout_requests_total{{{labels},arm=\"champion\"}}"));
        Assert.Matches($@"(?m)^rollout_shadow_shed_total\{{{Regex.Escape(labels)}\}} 0$", text);
        Assert.Equal(0, MetricsText.Value(text, $"rollout_candidate_share{{{labels}}}"));

        await MetricsText.AssertPromtoolCleanAsync(text);
    }
}
