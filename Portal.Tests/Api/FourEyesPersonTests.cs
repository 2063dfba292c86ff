using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Issue 12 item 4: four eyes means two persons; an approval given with a key is its owner's.</summary>
public sealed class FourEyesPersonTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    [Fact]
    public async Task ApproveByTokenThenByOwnKey_GateUnmet_UntilAnotherPersonApproves()
    {
        const string model = "four-eyes-person";
        var v1 = await fx.TrainAsync(model);
        await fx.SetGatesAsync(model, new { requireApproval = true });
        using var ownKey = await KeyClientAsync(fx.Admin);

        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.PostAsJsonAsync($"/api/models/{model}/versions/{v1}/approve", new { reason = "token" })).StatusCode);
        var byKey = await ownKey.PostAsJsonAsync($"/api/models/{model}/versions/{v1}/approve", new { reason = "key" });
        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        var recorded = await byKey.JsonAsync();
        Assert.Equal("admin", recorded.GetProperty("person").GetString());
        Assert.False(string.IsNullOrEmpty(recorded.GetProperty("viaKey").GetString()));

        foreach (var promoter in new[] { fx.Admin, ownKey })
        {
            var blocked = await fx.PromoteAsync(model, v1, promoter);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, blocked.StatusCode);
            var gate = GateOf(await blocked.JsonAsync());
            Assert.False(gate.GetProperty("passed").GetBoolean());
            Assert.Contains("own approval", gate.GetProperty("message").GetString());
        }

        using var bob = await fx.Factory.ClientForAsync(Roles.Admin, freshAdmin: true);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/api/models/{model}/versions/{v1}/approve", new { reason = "second pair of eyes" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1, ownKey)).StatusCode);
        Assert.Equal(v1, await fx.ServingVersionAsync(model));
    }

    private static JsonElement GateOf(JsonElement problem) =>
        problem.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "requireApproval");

    private async Task<HttpClient> KeyClientAsync(HttpClient creator)
    {
        var created = await creator.PostAsJsonAsync("/api/keys", new { name = $"own-{Guid.NewGuid():N}"[..12], role = Roles.Admin });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", (await created.JsonAsync()).GetProperty("key").GetString());
        return client;
    }
}
