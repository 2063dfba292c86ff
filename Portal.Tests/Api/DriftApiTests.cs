using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Drift;
using Microsoft.Extensions.Hosting;
using Portal.Web.Background;

namespace Portal.Tests.Api;

/// <summary>
/// Drift through the real app: a breast_cancer model with a champion, and logged predictions inserted straight into the
/// prediction store from the dataset's own rows (in distribution) or with one feature shifted by +3 standard deviations.
/// </summary>
public sealed class DriftApiTests(LifecycleFixture fixture) : IClassFixture<LifecycleFixture>
{
    private const string Shifted = DriftWindows.Shifted;

    [Fact]
    public async Task Run_InDistributionWindow_NoDatasetDrift()
    {
        var model = await ChampionAsync("drift-same");
        await LogAsync(model, Rows());

        var response = await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("datasetDrift").GetBoolean());
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal(Rows().Count, body.GetProperty("window").GetProperty("rows").GetInt32());
        Assert.Equal(Rows().Count, body.GetProperty("referenceRows").GetInt32());
        var features = body.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(30, features.Count);
        Assert.All(features, f => Assert.False(f.GetProperty("drifted").GetBoolean(), f.GetProperty("name").GetString()));
        Assert.All(features, f => Assert.Equal("ks", f.GetProperty("test").GetString()));
    }

    [Fact]
    public async Task Run_OneFeatureShiftedByThreeSd_FlagsThatFeatureOnly()
    {
        var model = await ChampionAsync("drift-shift");
        await LogAsync(model, ShiftedRows());

        var response = await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var features = body.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);
        Assert.True(features[Shifted].GetProperty("drifted").GetBoolean());
        Assert.True(features[Shifted].GetProperty("meanShiftSigma").GetDouble() > 3);
        Assert.All(features.Where(f => f.Key != Shifted), f => Assert.False(f.Value.GetProperty("drifted").GetBoolean(), f.Key));
        var share = body.GetProperty("driftShare").GetDouble();
        Assert.Equal(1.0 / 30, share, 9);
        Assert.Equal(DriftStatuses.ForShare(share), body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("datasetDrift").GetBoolean());
        Assert.True(body.GetProperty("driftScore").GetDouble() > 3);
        Assert.Equal(body.GetProperty("driftScore").GetDouble(), fixture.Factory.Services.GetRequiredService<DriftScoreBoard>().Latest(model, body.GetProperty("version").GetInt32()));
    }

    [Fact]
    public async Task History_AfterTwoRuns_ListsBothNewestFirstAndLatestIsTheLast()
    {
        var model = await ChampionAsync("drift-history");
        await LogAsync(model, Rows());
        var first = await (await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null)).JsonAsync();
        var second = await (await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null)).JsonAsync();

        var history = await (await fixture.Scientist.GetAsync($"/api/models/{model}/drift/history?take=10")).JsonAsync();
        var latest = await (await fixture.Scientist.GetAsync($"/api/models/{model}/drift")).JsonAsync();

        Assert.Equal([second.GetProperty("id").GetInt64(), first.GetProperty("id").GetInt64()], history.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(second.GetProperty("id").GetInt64(), latest.GetProperty("id").GetInt64());
        Assert.Equal("manual", latest.GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task ScheduledPass_ModelWithChampion_StoresRunWithScheduleTrigger()
    {
        var model = await ChampionAsync("drift-schedule");
        await LogAsync(model, Rows());
        var scheduler = fixture.Factory.Services.GetServices<IHostedService>().OfType<DriftScheduler>().Single();

        await scheduler.RunAllAsync(CancellationToken.None);

        var latest = await (await fixture.Scientist.GetAsync($"/api/models/{model}/drift")).JsonAsync();
        Assert.Equal("schedule", latest.GetProperty("trigger").GetString());
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Latest_NoRun_Returns404()
    {
        var response = await fixture.Scientist.GetAsync("/api/models/drift-none/drift");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Report_AfterRun_IsSelfContainedHtmlWithEveryFeature()
    {
        var model = await ChampionAsync("drift-report");
        await LogAsync(model, ShiftedRows());
        Assert.Equal(HttpStatusCode.OK, (await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null)).StatusCode);

        var response = await fixture.Scientist.GetAsync($"/api/models/{model}/drift/report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<svg", html);
        foreach (var feature in Rows()[0].Select(p => p.Key)) Assert.Contains($"<td>{feature}</td>", html);
    }

    [Fact]
    public async Task Run_TooFewRows_Returns422AndStoresNothing()
    {
        var model = await ChampionAsync("drift-few");
        await LogAsync(model, Rows().Take(10).ToList());

        var response = await fixture.Scientist.PostAsync($"/api/models/{model}/drift/run", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Not enough predictions in the window", (await response.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Scientist.GetAsync($"/api/models/{model}/drift")).StatusCode);
    }

    [Fact]
    public async Task Run_AsViewer_Returns403()
    {
        using var viewer = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var response = await viewer.PostAsync("/api/models/drift-any/drift/run", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Run_UnknownModel_Returns404()
    {
        var response = await fixture.Scientist.PostAsync("/api/models/drift-missing/drift/run", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> ChampionAsync(string model)
    {
        var version = await fixture.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fixture.PromoteAsync(model, version)).StatusCode);
        return model;
    }

    private Task LogAsync(string model, IReadOnlyList<JsonObject> rows) =>
        DriftWindows.LogAsync(fixture.Factory.Services, model, 1, rows);

    private static List<JsonObject> Rows() => DriftWindows.Rows();

    private static List<JsonObject> ShiftedRows() => DriftWindows.ShiftedRows();
}
