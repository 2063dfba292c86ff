using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Data;

namespace Portal.Tests.Api;

public sealed class PromotionApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    private static Dictionary<string, JsonElement> GatesOf(JsonElement problem) =>
        problem.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("name").GetString()!, g => g);

    [Fact]
    public async Task Promote_NoGates_MakesChampionServeAndRecordsTheMove()
    {
        var v1 = await fx.TrainAsync("promo-basic");
        var response = await fx.PromoteAsync("promo-basic", v1);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("promoted").GetBoolean());
        Assert.Equal(0, body.GetProperty("gates").GetArrayLength());
        Assert.Equal(v1, await fx.ServingVersionAsync("promo-basic"));
        var version = await (await fx.Admin.GetAsync($"/api/models/promo-basic/versions/{v1}")).JsonAsync();
        Assert.Equal("Production", version.GetProperty("stage").GetString());
        var history = await (await fx.Admin.GetAsync("/api/models/promo-basic/history")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("fromVersion").ValueKind);
        Assert.Equal(v1, history[0].GetProperty("toVersion").GetInt32());
        Assert.Equal("test", history[0].GetProperty("reason").GetString());
        Assert.Equal("admin", history[0].GetProperty("by").GetString());
    }

    [Fact]
    public async Task Promote_GatesFail_Returns422ListingEveryFailingGateAndMovesNothing()
    {
        var v1 = await fx.TrainAsync("promo-blocked");
        await fx.SetGatesAsync("promo-blocked", new { minAuc = 0.9999, minTestRows = 100_000 });

        var response = await fx.PromoteAsync("promo-blocked", v1);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var gates = GatesOf(await response.JsonAsync());
        Assert.False(gates["minAuc"].GetProperty("passed").GetBoolean());
        Assert.Equal(0.9999, gates["minAuc"].GetProperty("threshold").GetDouble());
        Assert.True(gates["minAuc"].GetProperty("actual").GetDouble() < 0.9999);
        Assert.False(gates["minTestRows"].GetProperty("passed").GetBoolean());
        Assert.Equal(113, gates["minTestRows"].GetProperty("actual").GetDouble());
        Assert.False(string.IsNullOrEmpty(gates["minAuc"].GetProperty("message").GetString()));
        var model = await (await fx.Admin.GetAsync("/api/models/promo-blocked")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, model.GetProperty("championVersion").ValueKind);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await fx.Admin.PostAsJsonAsync("/api/models/promo-blocked/predict", new { features = LifecycleFixture.FirstRow() })).StatusCode);
    }

    [Fact]
    public async Task Promote_PassingGates_ReturnsTheirEvidence()
    {
        var v1 = await fx.TrainAsync("promo-pass");
        await fx.SetGatesAsync("promo-pass", new { minAuc = 0.9, minTestRows = 100 });
        var body = await (await fx.PromoteAsync("promo-pass", v1)).JsonAsync();
        var gates = body.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(2, gates.Count);
        Assert.All(gates, g => Assert.True(g.GetProperty("passed").GetBoolean()));
    }

    [Fact]
    public async Task Promote_F1AndBrierGates_CompareWithTheChampion()
    {
        var strong = await fx.TrainAsync("promo-compare");
        var weak = await fx.TrainAsync("promo-compare", LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("promo-compare", strong)).StatusCode);
        await fx.SetGatesAsync("promo-compare", new { minF1ImprovementPct = 0.0, maxBrierDegradation = 0.0 });

        var blocked = await fx.PromoteAsync("promo-compare", weak);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
        var gates = GatesOf(await blocked.JsonAsync());
        var champion = (await (await fx.Admin.GetAsync($"/api/models/promo-compare/versions/{strong}")).JsonAsync()).GetProperty("metrics");
        Assert.False(gates["maxBrierDegradation"].GetProperty("passed").GetBoolean());
        Assert.Equal(champion.GetProperty("brier").GetDouble(), gates["maxBrierDegradation"].GetProperty("championValue").GetDouble(), 12);
        Assert.Equal(champion.GetProperty("f1").GetDouble(), gates["minF1ImprovementPct"].GetProperty("championValue").GetDouble(), 12);
        Assert.Equal(strong, await fx.ServingVersionAsync("promo-compare"));

        await fx.SetGatesAsync("promo-compare", new { minF1ImprovementPct = -100.0, maxBrierDegradation = 1.0 });
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("promo-compare", weak)).StatusCode);
        Assert.Equal(weak, await fx.ServingVersionAsync("promo-compare"));
    }

    [Fact]
    public async Task Promote_RequireApproval_NeedsASecondAdmin()
    {
        var v1 = await fx.TrainAsync("promo-4eyes");
        await fx.SetGatesAsync("promo-4eyes", new { requireApproval = true });
        using var bob = await fx.Factory.ClientForAsync(Roles.Admin, freshAdmin: true);

        var unapproved = await fx.PromoteAsync("promo-4eyes", v1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unapproved.StatusCode);
        Assert.False(GatesOf(await unapproved.JsonAsync())["requireApproval"].GetProperty("passed").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.PostAsJsonAsync($"/api/models/promo-4eyes/versions/{v1}/approve", new { reason = "mine" })).StatusCode);
        var selfApproved = await fx.PromoteAsync("promo-4eyes", v1);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, selfApproved.StatusCode);
        Assert.Contains("second admin", GatesOf(await selfApproved.JsonAsync())["requireApproval"].GetProperty("message").GetString());

        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/api/models/promo-4eyes/versions/{v1}/approve", new { reason = "checked the card" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync("promo-4eyes", v1)).StatusCode);
        Assert.Equal(v1, await fx.ServingVersionAsync("promo-4eyes"));
    }

    [Fact]
    public async Task Rollback_AfterSecondPromotion_ServesThePreviousChampionAtOnce()
    {
        var v1 = await fx.TrainAsync("promo-rollback");
        var v2 = await fx.TrainAsync("promo-rollback", LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.Conflict, (await fx.Admin.PostAsJsonAsync("/api/models/promo-rollback/rollback", new { reason = "nothing yet" })).StatusCode);
        await fx.PromoteAsync("promo-rollback", v1);
        Assert.Equal(HttpStatusCode.Conflict, (await fx.Admin.PostAsJsonAsync("/api/models/promo-rollback/rollback", new { reason = "no earlier champion" })).StatusCode);
        await fx.PromoteAsync("promo-rollback", v2);
        Assert.Equal(v2, await fx.ServingVersionAsync("promo-rollback"));

        var response = await fx.Admin.PostAsJsonAsync("/api/models/promo-rollback/rollback", new { reason = "v2 misbehaves" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(v1, body.GetProperty("version").GetInt32());
        Assert.Equal(v2, body.GetProperty("fromVersion").GetInt32());
        Assert.Equal(v1, await fx.ServingVersionAsync("promo-rollback"));
        var history = await (await fx.Admin.GetAsync("/api/models/promo-rollback/history")).JsonAsync();
        Assert.Equal("rollback", history[0].GetProperty("action").GetString());
        Assert.Equal("v2 misbehaves", history[0].GetProperty("reason").GetString());
        var archived = await (await fx.Admin.GetAsync($"/api/models/promo-rollback/versions/{v2}")).JsonAsync();
        Assert.Equal("Archived", archived.GetProperty("stage").GetString());
    }

    [Fact]
    public async Task ServedAt_AnswersWhichVersionServedAtEachInstant()
    {
        var v1 = await fx.TrainAsync("promo-servedat");
        var v2 = await fx.TrainAsync("promo-servedat", LifecycleFixture.Weak);
        await fx.PromoteAsync("promo-servedat", v1);
        await fx.PromoteAsync("promo-servedat", v2);
        var history = (await (await fx.Admin.GetAsync("/api/models/promo-servedat/history")).JsonAsync()).EnumerateArray()
            .Select(h => (At: h.GetProperty("at").GetDateTimeOffset(), To: h.GetProperty("toVersion").GetInt32())).OrderBy(h => h.At).ToList();

        async Task<HttpResponseMessage> At(DateTimeOffset t) => await fx.Admin.GetAsync($"/api/models/promo-servedat/served-at?t={Uri.EscapeDataString(t.ToString("O"))}");

        Assert.Equal(HttpStatusCode.NotFound, (await At(history[0].At.AddTicks(-1))).StatusCode);
        Assert.Equal(v1, (await (await At(history[0].At)).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(v1, (await (await At(history[1].At.AddTicks(-1))).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(v2, (await (await At(history[1].At.AddDays(1))).JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await fx.Admin.GetAsync("/api/models/promo-servedat/served-at?t=yesterday")).StatusCode);
    }

    [Fact]
    public async Task Promote_ManyAtOnce_LeavesExactlyOneChampionAndTheEngineMatchesTheRegistry()
    {
        var versions = new[] { await fx.TrainAsync("promo-race"), await fx.TrainAsync("promo-race", LifecycleFixture.Weak), await fx.TrainAsync("promo-race", trainer: "LogisticRegression") };

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => fx.PromoteAsync("promo-race", versions[i % 3], reason: $"race {i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var champion = (await (await fx.Admin.GetAsync("/api/models/promo-race")).JsonAsync()).GetProperty("championVersion").GetInt32();
        Assert.Equal(champion, await fx.ServingVersionAsync("promo-race"));
        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var modelId = await db.Models.Where(m => m.Name == "promo-race").Select(m => m.Id).SingleAsync();
        Assert.Equal(1, await db.ModelAliases.CountAsync(a => a.ModelId == modelId && a.Alias == "champion"));
        Assert.Equal(1, await db.ModelVersions.CountAsync(v => v.ModelId == modelId && v.Stage == "Production"));
        // A promotion of the version already serving is a no-op and records nothing: every other one is a row.
        var moved = 0;
        foreach (var r in responses) moved += (await r.JsonAsync()).GetProperty("promoted").GetBoolean() ? 1 : 0;
        Assert.InRange(moved, 1, 30);
        Assert.Equal(moved, await db.AliasHistory.CountAsync(h => h.ModelId == modelId));
        // Each move starts from where the previous one left the alias: the history is one unbroken chain.
        var chain = await db.AliasHistory.Where(h => h.ModelId == modelId).OrderBy(h => h.Id).Select(h => new { h.FromVersion, h.ToVersion }).ToListAsync();
        for (var i = 1; i < chain.Count; i++) Assert.Equal(chain[i - 1].ToVersion, chain[i].FromVersion);
        Assert.Equal(champion, chain[^1].ToVersion);
    }

    [Fact]
    public async Task Promote_Challenger_ServesUnderItsAliasWithoutGates()
    {
        var v1 = await fx.TrainAsync("promo-challenger");
        await fx.SetGatesAsync("promo-challenger", new { minAuc = 0.99999 });
        var response = await fx.PromoteAsync("promo-challenger", v1, alias: "challenger");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predicted = await fx.Admin.PostAsJsonAsync("/api/models/promo-challenger/predict?alias=challenger", new { features = LifecycleFixture.FirstRow() });
        Assert.Equal(v1, (await predicted.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal("Staging", (await (await fx.Admin.GetAsync($"/api/models/promo-challenger/versions/{v1}")).JsonAsync()).GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Gates_OutOfRange_Returns400NamingEachAndKeepsTheOldOnes()
    {
        await fx.TrainAsync("promo-gates");
        await fx.SetGatesAsync("promo-gates", new { minAuc = 0.7 });
        var response = await fx.Admin.PutAsJsonAsync("/api/models/promo-gates/gates", new { minAuc = 1.5, maxBrierDegradation = -1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("minAuc", out _));
        Assert.True(errors.TryGetProperty("maxBrierDegradation", out _));
        var gates = await (await fx.Admin.GetAsync("/api/models/promo-gates/gates")).JsonAsync();
        Assert.Equal(0.7, gates.GetProperty("minAuc").GetDouble());
        Assert.Equal("admin", gates.GetProperty("updatedBy").GetString());
    }
}
