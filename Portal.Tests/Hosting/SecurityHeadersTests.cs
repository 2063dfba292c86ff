using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Hosting;

/// <summary>
/// The security headers on a real Kestrel process (which adds its own Server header, unlike TestServer): nosniff, a
/// referrer policy and a CSP on every response; pages' CSP names a per-request nonce that their inline scripts carry.
/// </summary>
public sealed partial class SecurityHeadersTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health/live")]
    [InlineData("/api/models")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/scalar/")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/nothing-here")]
    public async Task Response_HasSecurityHeadersAndNoServerHeader(string path)
    {
        using var http = fixture.Portal.CreateClient();
        var response = await http.GetAsync(path);
        Assert.False(response.Headers.Contains("Server"), $"Server: {string.Join(",", response.Headers.TryGetValues("Server", out var s) ? s : [])}");
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
        // HSTS only over HTTPS (see the factory test): never on plain HTTP.
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/scalar/")]
    public async Task Page_InlineScriptsCarryThisResponsesNonce(string path)
    {
        using var http = fixture.Portal.CreateClient();
        var first = await http.GetAsync(path);
        var policy = Single(first, "Content-Security-Policy");
        Assert.DoesNotContain("'unsafe-inline' 'nonce", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var html = await first.Content.ReadAsStringAsync();
        // Inline scripts (no src): Blazor's import map, Scalar's start-up module.
        var scripts = Regex.Matches(html, "<script(?![^>]*\\ssrc=)[^>]*>");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value));

        var second = Nonce().Match(Single(await http.GetAsync(path), "Content-Security-Policy")).Groups[1].Value;
        Assert.NotEqual(nonce, second);
    }

    [Fact]
    public async Task Data_GetsAPolicyThatAllowsNothing()
    {
        using var http = fixture.Portal.CreateClient();
        var response = await http.GetAsync("/health/live");
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(response, "Content-Security-Policy"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();
}
