using System.Net;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class StatsApiTests : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();
    private HttpClient _viewer = null!;

    public async Task InitializeAsync() => _viewer = await _factory.ClientForAsync(Roles.Viewer);

    [Fact]
    public async Task GetStats_AfterRequests_CountsPerRouteTemplateWithErrorsAndP95()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await _viewer.GetAsync($"/api/models/missing-{i}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _viewer.GetAsync("/api/models")).StatusCode);

        var stats = await (await _viewer.GetAsync("/api/stats")).JsonAsync();

        var byName = Endpoint(stats, "GET", "/api/models/{name}");
        Assert.Equal(3, byName.GetProperty("requests").GetInt64());
        Assert.Equal(3, byName.GetProperty("clientErrors").GetInt64());
        Assert.Equal(0, byName.GetProperty("serverErrors").GetInt64());
        Assert.Equal(0, byName.GetProperty("errorRate").GetDouble());
        Assert.True(byName.GetProperty("p95LatencyMs").GetDouble() > 0);
        Assert.True(byName.GetProperty("averageLatencyMs").GetDouble() > 0);
        Assert.Equal(1, Endpoint(stats, "GET", "/api/models/").GetProperty("requests").GetInt64());
        Assert.True(stats.GetProperty("totalRequests").GetInt64() >= 4);
        Assert.True(stats.GetProperty("totalClientErrors").GetInt64() >= 3);
        Assert.True(stats.GetProperty("p95LatencyMs").GetDouble() > 0);
        Assert.DoesNotContain(stats.GetProperty("endpoints").EnumerateArray(), e => e.GetProperty("endpoint").GetString()!.Contains("missing-"));
    }

    [Fact]
    public async Task GetStats_NoCredential_Returns401()
    {
        using var anonymous = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/stats")).StatusCode);
    }

    private static JsonElement Endpoint(JsonElement stats, string method, string endpoint) =>
        stats.GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("method").GetString() == method && e.GetProperty("endpoint").GetString() == endpoint);

    public Task DisposeAsync()
    {
        _viewer.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }
}
