using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Common;
using Portal.Data;

namespace Portal.Tests.Api;

public sealed class AuthApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Token_ValidCredentials_ReturnsBearerToken()
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt32());
        Assert.Equal(3, body.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task Token_WrongPassword_Returns401ProblemDetails()
    {
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = "wrong-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("password", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/models")]
    [InlineData("GET", "/api/models/credit-risk")]
    [InlineData("GET", "/api/datasets")]
    [InlineData("POST", "/api/datasets")]
    [InlineData("POST", "/api/models/credit-risk/train")]
    [InlineData("POST", "/api/models/credit-risk/predict")]
    [InlineData("GET", "/api/keys")]
    [InlineData("POST", "/api/keys")]
    [InlineData("GET", "/api/runs/00000000-0000-0000-0000-000000000001")]
    public async Task Endpoint_WithoutCredentials_Returns401ProblemDetails(string method, string path)
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(Roles.Viewer, "POST", "/api/datasets")]
    [InlineData(Roles.Viewer, "POST", "/api/models/m/train")]
    [InlineData(Roles.Viewer, "GET", "/api/keys")]
    [InlineData(Roles.Viewer, "POST", "/api/keys")]
    [InlineData(Roles.DataScientist, "GET", "/api/keys")]
    [InlineData(Roles.DataScientist, "POST", "/api/keys")]
    [InlineData(Roles.DataScientist, "DELETE", "/api/keys/1")]
    public async Task Endpoint_RoleTooLow_Returns403(string role, string method, string path)
    {
        using var client = await factory.ClientForAsync(role);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_Returns401()
    {
        using var client = factory.CreateClient();
        var forged = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = "portal",
            Audience = "portal-api",
            Claims = new Dictionary<string, object> { ["name"] = "admin", ["role"] = Roles.Admin },
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(new byte[64]), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/keys")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_CreatedByAdmin_AuthenticatesUntilRevoked()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/keys", new { name = "scraper", role = Roles.Viewer });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var key = body.GetProperty("key").GetString()!;
        var id = body.GetProperty("id").GetInt32();

        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/datasets", new MultipartFormDataContent())).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/models")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/keys/{id}")).StatusCode);
    }

    [Fact]
    public async Task ApiKey_IsStoredOnlyAsHash()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var key = (await (await admin.PostAsJsonAsync("/api/keys", new { name = "hash-check", role = Roles.Viewer })).JsonAsync()).GetProperty("key").GetString()!;

        var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            var stored = await db.ApiKeys.SingleAsync(k => k.Name == "hash-check");
            Assert.Equal(Sha256Hex.Of(key), stored.Hash);
            Assert.DoesNotContain(key, stored.Hash + stored.Prefix + stored.Name);
        }
    }

    [Fact]
    public async Task CreateKey_UnknownRole_Returns400NamingRole()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/keys", new { name = "x", role = "Superuser" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("role", out _));
    }

    [Fact]
    public async Task Api_WithOnlyTheBrowserCookie_Returns401()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = "admin",
            ["Input.Password"] = PortalFactory.AdminPassword,
        }));
        Assert.True(login.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("portal.auth=")), "the login form should set the auth cookie");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        var api = await browser.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Page_WithoutCookie_RedirectsToLogin()
    {
        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await browser.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString());
    }
}
