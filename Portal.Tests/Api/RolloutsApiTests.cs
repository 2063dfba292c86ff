using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Serving;

namespace Portal.Tests.Api;

/// <summary>The rollout API by hand: create with defaults, bad plans, one active per model, pause/resume/abort/promote, seed aliases.</summary>
public sealed class RolloutsApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    /// <summary>A model with a champion (v1) and a candidate (v2).</summary>
    private async Task<string> ModelWithCandidateAsync(string model)
    {
        var v1 = await fx.TrainAsync(model);
        await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1)).StatusCode);
        return model;
    }

    private Task<HttpResponseMessage> CreateAsync(string model, object plan, HttpClient? client = null) =>
        (client ?? fx.Admin).PostAsJsonAsync($"/api/models/{model}/rollouts", plan);

    private static Dictionary<string, string[]> ErrorsOf(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.EnumerateArray().Select(m => m.GetString()!).ToArray());

    [Fact]
    public async Task Create_Canary_Returns201WithTheDefaultsAndSplitsUnpinnedTraffic()
    {
        var model = await ModelWithCandidateAsync("ro-canary");

        var response = await CreateAsync(model, new { kind = "canary", candidateVersion = 2 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/models/{model}/rollouts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("canary", body.GetProperty("kind").GetString());
        Assert.Equal("running", body.GetProperty("state").GetString());
        Assert.Equal(1, body.GetProperty("championVersion").GetInt32());
        Assert.Equal([5, 25, 50, 100], body.GetProperty("steps").EnumerateArray().Select(s => s.GetInt32()));
        Assert.Equal(5, body.GetProperty("candidateSharePct").GetDouble());
        Assert.Equal("header", body.GetProperty("stickyKey").GetString());
        Assert.Equal(500, body.GetProperty("minSamplesPerStep").GetInt32());
        Assert.Equal("7d", body.GetProperty("maxDuration").GetString());
        Assert.Equal("realized", body.GetProperty("gateSource").GetString());
        Assert.Equal("started", body.GetProperty("decisions")[0].GetProperty("action").GetString());
        Assert.Equal("admin", body.GetProperty("startedBy").GetString());

        var active = fx.Factory.Services.GetRequiredService<ModelServer>().RolloutOf(model);
        Assert.Equal(id, active?.Rollout.Id);
        var listed = await (await fx.Admin.GetAsync($"/api/models/{model}/rollouts")).JsonAsync();
        Assert.Equal(id, listed[0].GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("decisions").ValueKind);
    }

    [Theory]
    [InlineData("""{"kind":"ab","candidateVersion":2,"weights":{"champion":60,"candidate":30}}""", "weights")]
    [InlineData("""{"kind":"canary","candidateVersion":2,"steps":[10,5,100]}""", "steps")]
    [InlineData("""{"kind":"canary","candidateVersion":1}""", "candidateVersion")]
    [InlineData("""{"kind":"canary","candidateVersion":99}""", "candidateVersion")]
    [InlineData("""{"kind":"blue-green","candidateVersion":2}""", "kind")]
    [InlineData("""{"candidateVersion":2}""", "kind")]
    [InlineData("""{"kind":"ab"}""", "candidateVersion")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"maxDuration":"a week"}""", "maxDuration")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"maxDuration":"10s"}""", "maxDuration")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"stickyKey":"cookie"}""", "stickyKey")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"stickyKey":"feature:customer_id"}""", "stickyKey")]
    [InlineData("""{"kind":"shadow","candidateVersion":2,"steps":[50,100]}""", "steps")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"rollbackOn":{"errorRateMargin":2}}""", "rollbackOn.errorRateMargin")]
    [InlineData("""{"kind":"ab","candidateVersion":2,"minSamplesPerStep":1}""", "minSamplesPerStep")]
    [InlineData("""{"kind":"canary","candidateVersion":2,"gateSource":"guessed"}""", "gateSource")]
    public async Task Create_BadPlan_Is400NamingTheFieldAndCreatesNothing(string plan, string field)
    {
        // One model for every case (nothing is created): trained by the first case (a class's tests run one at a time).
        const string model = "ro-bad";
        if ((await fx.Admin.GetAsync($"/api/models/{model}")).StatusCode == HttpStatusCode.NotFound) await ModelWithCandidateAsync(model);

        var response = await fx.Admin.PostAsync($"/api/models/{model}/rollouts", new StringContent(plan, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, ErrorsOf(await response.JsonAsync()).Keys);
        Assert.Equal(0, (await (await fx.Admin.GetAsync($"/api/models/{model}/rollouts")).JsonAsync()).GetArrayLength());
        Assert.Null(fx.Factory.Services.GetRequiredService<ModelServer>().RolloutOf(model));
    }

    [Fact]
    public async Task Create_SecondActive_Is409NamingTheActiveOne()
    {
        var model = await ModelWithCandidateAsync("ro-conflict");
        var first = await (await CreateAsync(model, new { kind = "ab", candidateVersion = 2 })).JsonAsync();

        var second = await CreateAsync(model, new { kind = "canary", candidateVersion = 2 });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(first.GetProperty("id").GetGuid(), (await second.JsonAsync()).GetProperty("activeRollout").GetGuid());
    }

    [Fact]
    public async Task Create_UnknownModel_Is404_AndOnlyAdminsMayCreate()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await CreateAsync("ro-nobody", new { kind = "ab", candidateVersion = 2 })).StatusCode);
        var model = await ModelWithCandidateAsync("ro-roles");
        Assert.Equal(HttpStatusCode.Forbidden, (await CreateAsync(model, new { kind = "ab", candidateVersion = 2 }, fx.Scientist)).StatusCode);
    }

    [Fact]
    public async Task PauseResumeAbort_MoveTheStateRecordEachDecisionAndEndTheSplit()
    {
        var model = await ModelWithCandidateAsync("ro-manual");
        var id = (await (await CreateAsync(model, new { kind = "ab", candidateVersion = 2 })).JsonAsync()).GetProperty("id").GetGuid();
        var url = $"/api/models/{model}/rollouts/{id}";

        var paused = await fx.Admin.PostAsJsonAsync($"{url}/pause", new { reason = "weekend" });
        Assert.Equal("paused", (await paused.JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await fx.Admin.PostAsync($"{url}/pause", null)).StatusCode);
        Assert.Equal("running", (await (await fx.Admin.PostAsync($"{url}/resume", null)).JsonAsync()).GetProperty("state").GetString());
        var aborted = await (await fx.Admin.PostAsync($"{url}/abort", null)).JsonAsync();

        Assert.Equal("aborted", aborted.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, aborted.GetProperty("endedAt").ValueKind);
        Assert.Equal(["started", "paused", "resumed", "aborted"], aborted.GetProperty("decisions").EnumerateArray().Select(d => d.GetProperty("action").GetString()));
        Assert.Equal("weekend", aborted.GetProperty("decisions")[1].GetProperty("reason").GetString());
        Assert.Null(fx.Factory.Services.GetRequiredService<ModelServer>().RolloutOf(model));
        Assert.Equal(HttpStatusCode.Conflict, (await fx.Admin.PostAsync($"{url}/resume", null)).StatusCode);
        // The model is free for the next rollout.
        Assert.Equal(HttpStatusCode.Created, (await CreateAsync(model, new { kind = "shadow", candidateVersion = 2 })).StatusCode);
    }

    [Fact]
    public async Task Promote_ByHand_MakesTheCandidateChampionThroughThePromotionPath()
    {
        var model = await ModelWithCandidateAsync("ro-promote");
        var id = (await (await CreateAsync(model, new { kind = "canary", candidateVersion = 2 })).JsonAsync()).GetProperty("id").GetGuid();

        var promoted = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts/{id}/promote", new { reason = "looks good" });

        Assert.Equal(HttpStatusCode.OK, promoted.StatusCode);
        Assert.Equal("promoted", (await promoted.JsonAsync()).GetProperty("state").GetString());
        Assert.Equal(2, await fx.ServingVersionAsync(model));
        var history = await (await fx.Admin.GetAsync($"/api/models/{model}/history")).JsonAsync();
        Assert.Equal(2, history[0].GetProperty("toVersion").GetInt32());
        Assert.Contains($"Rollout {id}", history[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(fx.Factory.Services.GetRequiredService<ModelServer>().RolloutOf(model));
    }

    [Fact]
    public async Task Promote_ByHandBlockedByTheGates_Is422AndTheRolloutGoesOn()
    {
        var model = await ModelWithCandidateAsync("ro-blocked");
        await fx.SetGatesAsync(model, new { requireApproval = true });
        var id = (await (await CreateAsync(model, new { kind = "ab", candidateVersion = 2 })).JsonAsync()).GetProperty("id").GetGuid();

        var blocked = await fx.Admin.PostAsync($"/api/models/{model}/rollouts/{id}/promote", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        Assert.Equal("requireApproval", (await blocked.JsonAsync()).GetProperty("gates")[0].GetProperty("name").GetString());
        var rollout = await (await fx.Admin.GetAsync($"/api/models/{model}/rollouts/{id}")).JsonAsync();
        Assert.Equal("running", rollout.GetProperty("state").GetString());
        Assert.Equal(1, (await (await fx.Admin.GetAsync($"/api/models/{model}")).JsonAsync()).GetProperty("championVersion").GetInt32());
    }

    [Fact]
    public async Task SeedAliases_CreateAnAbTestAndReadItsResults()
    {
        var model = await ModelWithCandidateAsync("ro-seed");

        var created = await fx.Admin.PostAsJsonAsync("/api/ml/ab-test/create", new { model, candidateVersion = 2 });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal("ab", body.GetProperty("kind").GetString());
        Assert.Equal(50, body.GetProperty("weights").GetProperty("candidate").GetInt32());
        var id = body.GetProperty("id").GetGuid();
        var results = await (await fx.Admin.GetAsync($"/api/ml/ab-test/{id}/results")).JsonAsync();
        Assert.Equal(id, results.GetProperty("id").GetGuid());
        Assert.Equal(model, results.GetProperty("model").GetString());
        var missing = await fx.Admin.PostAsJsonAsync("/api/ml/ab-test/create", new { candidateVersion = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("model", ErrorsOf(await missing.JsonAsync()).Keys);
        Assert.Equal(HttpStatusCode.NotFound, (await fx.Admin.GetAsync($"/api/ml/ab-test/{Guid.NewGuid()}/results")).StatusCode);
    }
}
