using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>
/// A sign-in cookie follows the user's current access on the very next request: disabled or demoted through the API,
/// the cookie is refused and cleared (the page redirects to the login form); promoted, it carries the new role at once.
/// </summary>
public sealed partial class UsersCookieTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task DisabledUser_NextPageWithTheCookie_RedirectsToLoginAndClearsIt()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        using var browser = await SignInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        await UpdateAsync(name, new { disabled = true });

        var page = await browser.GetAsync("/");
        AssertLoginRedirect(page);
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=;", StringComparison.Ordinal));
        AssertLoginRedirect(await browser.GetAsync("/models"));
    }

    [Fact]
    public async Task DemotedDataScientist_CookieIsRefusedAtOnce_AndSigningInAgainGivesViewer()
    {
        var name = await factory.CreateUserAsync(Roles.DataScientist);
        using var browser = await SignInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/models")).StatusCode);

        await UpdateAsync(name, new { role = Roles.Viewer });

        AssertLoginRedirect(await browser.GetAsync("/models"));
        using var again = await SignInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/models")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await again.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task DemotedAdmin_AdminPageWithTheCookie_IsRefusedAtOnce()
    {
        var name = await factory.CreateUserAsync(Roles.Admin);
        using var browser = await SignInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);

        await UpdateAsync(name, new { role = Roles.DataScientist });

        AssertLoginRedirect(await browser.GetAsync("/admin/users"));
    }

    [Fact]
    public async Task PromotedViewer_AdminPageWithTheSameCookie_IsServedAtOnce()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        using var browser = await SignInAsync(name);
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);

        await UpdateAsync(name, new { role = Roles.Admin });

        var page = await browser.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        // The cookie is re-issued with the new role.
        Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("portal.auth=", StringComparison.Ordinal) && !c.StartsWith("portal.auth=;", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReEnabledUser_SignsInAgainWithACookie()
    {
        var name = await factory.CreateUserAsync(Roles.Viewer);
        using var browser = await SignInAsync(name);
        await UpdateAsync(name, new { disabled = true });
        AssertLoginRedirect(await browser.GetAsync("/"));

        await UpdateAsync(name, new { disabled = false });

        using var again = await SignInAsync(name);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
    }

    private async Task UpdateAsync(string name, object change)
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsJsonAsync($"/api/users/{name}", change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void AssertLoginRedirect(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/account/login", page.Headers.Location!.ToString());
    }

    /// <summary>A client that signed in through the login form and carries the cookie.</summary>
    private async Task<HttpClient> SignInAsync(string name)
    {
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await (await browser.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var login = await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = Token().Match(form).Groups[1].Value,
            ["Input.Username"] = name,
            ["Input.Password"] = PortalFactory.UserPassword,
        }));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect && !login.Headers.Location!.ToString().Contains("/account/login"),
            $"signing in as {name}: {(int)login.StatusCode} {login.Headers.Location}");
        return browser;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
