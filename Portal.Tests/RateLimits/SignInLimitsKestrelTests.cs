using System.Net;
using System.Net.Http.Json;
using Portal.Tests.Api;
using Portal.Tests.Hosting;

namespace Portal.Tests.RateLimits;

/// <summary>A real portal on Kestrel with a small sign-in limit: client addresses only exist on a real server.</summary>
public sealed class SignInLimitsFixture : KestrelFixture
{
    public const int SignInPermits = 20;

    protected override PortalProcessOptions Options => new()
    {
        Demo = false,
        Settings = new() { ["Portal:RateLimits:SignIn:PermitLimit"] = SignInPermits.ToString(), ["Portal:RateLimits:SignIn:WindowSeconds"] = "600" },
    };
}

/// <summary>Issue 12 item 5: sign-in is rate limited per client address, and lockout is per (account, address) with backoff.</summary>
public sealed class SignInLimitsKestrelTests(SignInLimitsFixture fx) : IClassFixture<SignInLimitsFixture>
{
    [Fact]
    public async Task TokenEndpoint_OverTheLimitFromOneAddress_429WithRetryAfterAndProblemDetails()
    {
        using var client = LoopbackClients.From(fx.Portal.BaseUrl, "127.0.0.21");
        // Different unknown names each time, so only the address limit can answer 429, not the account lockout.
        for (var i = 0; i < SignInLimitsFixture.SignInPermits; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/token", new { username = $"nobody-{i}", password = "wrong-password" })).StatusCode);

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { username = "nobody-else", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must say how long to wait.");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = await limited.JsonAsync();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("try again", problem.GetProperty("detail").GetString());

        // The login form is limited by the same address budget.
        var form = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Username"] = "admin", ["Input.Password"] = "x" }));
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);

        // Another address has its own budget.
        using var other = LoopbackClients.From(fx.Portal.BaseUrl, "127.0.0.22");
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword })).StatusCode);
    }

    [Fact]
    public async Task StrangersFailuresFromOneAddress_DoNotLockTheAdminOutFromAnother()
    {
        using var stranger = LoopbackClients.From(fx.Portal.BaseUrl, "127.0.0.31");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
            answers.Add((await stranger.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = $"guess-{i}" })).StatusCode);
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 4), answers.Take(4));
        Assert.All(answers.Skip(4), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));

        // Locked for the stranger's address, even with the right password...
        var lockedOut = await stranger.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, lockedOut.StatusCode);
        Assert.True(lockedOut.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // ...but the admin signs in from their own address.
        using var admin = LoopbackClients.From(fx.Portal.BaseUrl, "127.0.0.32");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword })).StatusCode);
    }
}
