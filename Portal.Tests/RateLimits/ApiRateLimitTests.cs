using System.Net;
using Portal.Core.Auth;
using Portal.Tests.Api;

namespace Portal.Tests.RateLimits;

/// <summary>Issue 12 item 5: API calls are limited per user or key (a token bucket), each with its own budget.</summary>
public sealed class ApiRateLimitTests : IDisposable
{
    private readonly PortalFactory _factory = new()
    {
        Settings = { ["Portal:RateLimits:Api:BurstLimit"] = "3", ["Portal:RateLimits:Api:PermitsPerSecond"] = "1" },
    };

    [Fact]
    public async Task OverTheBurst_429WithRetryAfter_OtherUsersUnaffected()
    {
        using var alice = await _factory.ClientForAsync(Roles.Viewer);
        using var bob = await _factory.ClientForAsync(Roles.Viewer);

        HttpResponseMessage? limited = null;
        // The bucket holds 3 and refills 1 a second: ten calls in a row cannot all pass.
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await alice.GetAsync("/api/models");
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/models")).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
