using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Api;

/// <summary>
/// Over HTTPS (here TestServer with an https base address and a host that is not localhost, which UseHsts skips),
/// responses carry HSTS and cookies are Secure; over HTTP neither, so http://localhost keeps working.
/// </summary>
public sealed class HttpsSecurityTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Https_SendsHstsAndSecureCookies()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.example.com"), AllowAutoRedirect = false });
        var response = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("max-age=", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Http_SendsNoHstsAndCookiesWithoutSecure()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://portal.example.com"), AllowAutoRedirect = false });
        var response = await client.GetAsync("/account/login");
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.All(cookies, c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
