using System.Net;
using System.Net.Http.Json;

namespace Portal.Tests.Api;

/// <summary>Rollback walks back through the champions that served, never forward; re-promoting the champion records nothing.</summary>
public sealed class RollbackPathTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    private async Task<int[]> ThreeChampionsAsync(string model)
    {
        var versions = new[] { await fx.TrainAsync(model, LifecycleFixture.Weak), await fx.TrainAsync(model, LifecycleFixture.Weak), await fx.TrainAsync(model, LifecycleFixture.Weak) };
        foreach (var v in versions) Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v)).StatusCode);
        return versions;
    }

    private Task<HttpResponseMessage> RollbackAsync(string model, string query = "", object? body = null) =>
        fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollback{query}", body ?? new { reason = "test" });

    private async Task<int> HistoryCountAsync(string model) => (await (await fx.Admin.GetAsync($"/api/models/{model}/history")).JsonAsync()).GetArrayLength();

    [Fact]
    public async Task Rollback_Twice_GoesBackToTheFirstChampionNeverForward()
    {
        var v = await ThreeChampionsAsync("rb-twice");

        var first = await RollbackAsync("rb-twice");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(v[1], (await first.JsonAsync()).GetProperty("version").GetInt32());

        var second = await RollbackAsync("rb-twice");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await second.JsonAsync();
        Assert.Equal(v[0], body.GetProperty("version").GetInt32());
        Assert.Equal(v[1], body.GetProperty("fromVersion").GetInt32());
        Assert.Equal(v[0], await fx.ServingVersionAsync("rb-twice"));

        // Nothing served before v1: a third rollback has nowhere to go (and does not bring v3 back).
        var third = await RollbackAsync("rb-twice");
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Equal(v[0], await fx.ServingVersionAsync("rb-twice"));
    }

    [Fact]
    public async Task Promote_CurrentChampionAgain_IsANoOpAndRollbackStillWorks()
    {
        var v = await ThreeChampionsAsync("rb-noop");
        var moves = await HistoryCountAsync("rb-noop");

        var again = await fx.PromoteAsync("rb-noop", v[2]);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var body = await again.JsonAsync();
        Assert.False(body.GetProperty("promoted").GetBoolean());
        Assert.True(body.GetProperty("unchanged").GetBoolean());
        Assert.Equal(moves, await HistoryCountAsync("rb-noop"));

        var rollback = await RollbackAsync("rb-noop");
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(v[1], (await rollback.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(v[1], await fx.ServingVersionAsync("rb-noop"));
    }

    [Fact]
    public async Task Rollback_To_ReturnsToTheNamedEarlierChampionAndRefusesOthers()
    {
        var v = await ThreeChampionsAsync("rb-to");

        var bad = await RollbackAsync("rb-to", "?to=abc");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.JsonAsync()).GetProperty("errors").TryGetProperty("to", out _));
        var current = await RollbackAsync("rb-to", $"?to={v[2]}");
        Assert.Equal(HttpStatusCode.Conflict, current.StatusCode);
        Assert.Contains("current champion", (await current.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await RollbackAsync("rb-to", "?to=99")).StatusCode);

        var rollback = await RollbackAsync("rb-to", $"?to={v[0]}");

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        Assert.Equal(v[0], (await rollback.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(v[0], await fx.ServingVersionAsync("rb-to"));
        // v3 was rolled back from: it is not an earlier champion on the path, so it cannot be a rollback's target.
        var forward = await RollbackAsync("rb-to", "", new { reason = "forward", to = v[2] });
        Assert.Equal(HttpStatusCode.Conflict, forward.StatusCode);
        Assert.Contains("not an earlier champion", (await forward.JsonAsync()).GetProperty("detail").GetString());
    }
}
