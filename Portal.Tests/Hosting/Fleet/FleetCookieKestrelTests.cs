using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;
using Xunit.Abstractions;

namespace Portal.Tests.Hosting.Fleet;

/// <summary>
/// A sign-in cookie follows a change made through another replica within a second: a user signed in on B with the
/// login form, disabled or demoted on A, is sent back to the login page by B (A's announcement drops B's cached access);
/// C, which does not listen, does so on its reconcile pass.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class FleetCookieKestrelTests(FleetSyncFixture fleet, ITestOutputHelper output)
{
    private const string Password = "Fleet-cookie-pass-1";
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_user_disabled_on_A_has_their_cookie_refused_by_B_within_a_second()
    {
        var name = await CreateUserOnAAsync(Roles.Viewer);
        using var browser = await BrowserLogin.SignInAsync(fleet.B, name, Password);
        // B has the user's access in memory before the change.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync($"/api/users/{name}", new { disabled = true })).StatusCode);
        var time = await UntilLoginAsync(browser, "/", "B to refuse the disabled user's cookie");
        output.WriteLine($"cookie of a user disabled A -> B refused after {time.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task An_admin_demoted_on_A_has_their_cookie_refused_by_B_within_a_second()
    {
        var name = await CreateUserOnAAsync(Roles.Admin);
        using var browser = await BrowserLogin.SignInAsync(fleet.B, name, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/users")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync($"/api/users/{name}", new { role = Roles.Viewer })).StatusCode);
        var time = await UntilLoginAsync(browser, "/admin/users", "B to refuse the demoted admin's cookie");
        output.WriteLine($"cookie of an admin demoted A -> B refused after {time.TotalMilliseconds:F0} ms");

        // Signing in again on B gives a Viewer's cookie.
        using var again = await BrowserLogin.SignInAsync(fleet.B, name, Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await again.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_replica_that_hears_no_announcement_refuses_the_cookie_on_its_reconcile_pass()
    {
        var name = await CreateUserOnAAsync(Roles.Viewer);
        using var browser = await BrowserLogin.SignInAsync(fleet.C, name, Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fleet.AdminA.PutAsJsonAsync($"/api/users/{name}", new { disabled = true })).StatusCode);
        // C does not listen; its reconcile pass (every second) re-reads the users it holds.
        var time = await UntilLoginAsync(browser, "/", "C to refuse the disabled user's cookie", TimeSpan.FromSeconds(3));
        output.WriteLine($"cookie of a user disabled A -> C (reconcile only, period 1 s) refused after {time.TotalMilliseconds:F0} ms");
    }

    private async Task<string> CreateUserOnAAsync(string role)
    {
        var name = $"cookie-{Guid.NewGuid():N}"[..16];
        var created = await fleet.AdminA.PostAsJsonAsync("/api/users", new { userName = name, password = Password, role });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return name;
    }

    /// <summary>Asks for the page every 10 ms until it redirects to the login form (answering 200 until then); fails past the limit (a second).</summary>
    private static Task<TimeSpan> UntilLoginAsync(HttpClient browser, string page, string what, TimeSpan? limit = null) =>
        FleetCalls.UntilAsync(async () =>
        {
            var response = await browser.GetAsync(page);
            if (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/account/login") == true) return true;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return false;
        }, limit ?? Propagation, what);
}
