using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class OpsApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    [Fact]
    public async Task ModelStatus_ChampionServing_ReportsTheRunbookFields()
    {
        var v1 = await fx.TrainAsync("ops-status");
        await fx.PromoteAsync("ops-status", v1);

        var status = await (await fx.Admin.GetAsync("/ops/model-status?model=ops-status")).JsonAsync();

        Assert.True(status.GetProperty("loaded").GetBoolean());
        Assert.Equal(v1, status.GetProperty("version").GetInt32());
        Assert.Equal("ok", status.GetProperty("health").GetString());
        Assert.True(status.GetProperty("auc").GetDouble() > 0.9);
        Assert.Equal(456, status.GetProperty("n_train").GetInt32());
        Assert.InRange(status.GetProperty("age_hours").GetDouble(), 0, 1);
        foreach (var field in new[] { "version_date", "load_time", "drift_score" })
            Assert.True(status.TryGetProperty(field, out _), field);
    }

    [Fact]
    public async Task ModelStatus_NoChampion_IsNoModel()
    {
        await fx.TrainAsync("ops-nomodel");
        var status = await (await fx.Admin.GetAsync("/ops/model-status?model=ops-nomodel")).JsonAsync();
        Assert.False(status.GetProperty("loaded").GetBoolean());
        Assert.Equal("no_model", status.GetProperty("health").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync("/ops/model-status?model=never-heard-of")).StatusCode);
    }

    [Fact]
    public async Task ReloadModel_NoThreshold_ReloadsTheChampion()
    {
        var v1 = await fx.TrainAsync("ops-reload");
        await fx.PromoteAsync("ops-reload", v1);

        var response = await fx.Admin.PostAsync("/ops/reload-model?model=ops-reload", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("ok").GetBoolean());
        Assert.Equal(v1, body.GetProperty("version").GetInt32());
        Assert.True(body.GetProperty("auc").GetDouble() > 0.9);
    }

    [Fact]
    public async Task ReloadModel_AucBelowMinAuc_Returns422WithTheRunbookBodyAndKeepsServing()
    {
        var v1 = await fx.TrainAsync("ops-minauc");
        await fx.PromoteAsync("ops-minauc", v1);

        var response = await fx.Admin.PostAsync("/ops/reload-model?model=ops-minauc&min_auc=0.99999", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Equal("Model AUC below threshold", body.GetProperty("error").GetString());
        Assert.Equal(0.99999, body.GetProperty("min_auc").GetDouble());
        Assert.True(body.GetProperty("rejected").GetBoolean());
        Assert.True(body.GetProperty("auc").GetDouble() < 0.99999);
        Assert.Equal(v1, await fx.ServingVersionAsync("ops-minauc"));
        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.PostAsync("/ops/reload-model?model=ops-minauc&min_auc=0.5", null)).StatusCode);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("abc")]
    [InlineData("NaN")]
    public async Task ReloadModel_MinAucNotInUnitInterval_Returns400(string minAuc)
    {
        var response = await fx.Admin.PostAsync($"/ops/reload-model?model=any&min_auc={minAuc}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("min_auc", out _));
    }

    [Fact]
    public async Task ReloadModel_TamperedArtefact_IsRefusedWhileTheOldEngineKeepsServing()
    {
        var v1 = await fx.TrainAsync("ops-tamper");
        await fx.PromoteAsync("ops-tamper", v1);
        var artefact = Path.Combine(fx.Factory.Root, "models", "ops-tamper", $"v{v1}.zip");
        var bytes = await File.ReadAllBytesAsync(artefact);
        await File.WriteAllBytesAsync(artefact, bytes[..(bytes.Length / 2)]);

        var response = await fx.Admin.PostAsync("/ops/reload-model?model=ops-tamper", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False(body.GetProperty("ok").GetBoolean());
        Assert.Contains("SHA-256", body.GetProperty("error").GetString());
        Assert.Equal(v1, await fx.ServingVersionAsync("ops-tamper"));
        var status = await (await fx.Admin.GetAsync("/ops/model-status?model=ops-tamper")).JsonAsync();
        Assert.True(status.GetProperty("loaded").GetBoolean());
    }

    [Fact]
    public async Task Promote_TamperedArtefact_IsRefusedAndNothingMoves()
    {
        var v1 = await fx.TrainAsync("ops-tamper-promote");
        var v2 = await fx.TrainAsync("ops-tamper-promote", LifecycleFixture.Weak);
        await fx.PromoteAsync("ops-tamper-promote", v1);
        await File.WriteAllTextAsync(Path.Combine(fx.Factory.Root, "models", "ops-tamper-promote", $"v{v2}.zip"), "not a model");

        var response = await fx.PromoteAsync("ops-tamper-promote", v2);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(v1, await fx.ServingVersionAsync("ops-tamper-promote"));
        Assert.Equal(v1, (await (await fx.Admin.GetAsync("/api/models/ops-tamper-promote")).JsonAsync()).GetProperty("championVersion").GetInt32());
    }

    [Fact]
    public async Task Ops_ApiKeyInQuery_IsAcceptedOnOpsButNotOnApi()
    {
        var key = (await (await fx.Admin.PostAsJsonAsync("/api/keys", new { name = "runbook", role = Roles.Viewer })).JsonAsync()).GetProperty("key").GetString();
        using var anonymous = fx.Factory.CreateClient();
        var status = await anonymous.GetAsync($"/ops/model-status?model=ops-any&api_key={key}");
        Assert.NotEqual(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/models?api_key={key}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ops/model-status")).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/models/m/versions/1/promote")]
    [InlineData("GET", "/api/models/m/versions/1/gate-check")]
    [InlineData("POST", "/api/models/m/versions/1/approve")]
    [InlineData("POST", "/api/models/m/rollback")]
    [InlineData("PUT", "/api/models/m/gates")]
    [InlineData("POST", "/ops/reload-model?model=m")]
    [InlineData("POST", "/api/keys")]
    [InlineData("GET", "/api/keys")]
    [InlineData("DELETE", "/api/keys/1")]
    public async Task AdminAction_AsDataScientist_Returns403(string method, string path)
    {
        var response = await fx.Scientist.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
