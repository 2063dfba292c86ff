using System.Net;
using System.Text.RegularExpressions;

namespace Portal.Tests.Hosting;

/// <summary>An HttpClient that signs in through the real login form and then carries the cookie, as a browser does.</summary>
public static partial class BrowserLogin
{
    /// <param name="cookies">Where the cookie goes (to send it elsewhere too); a new container by default.</param>
    public static async Task<HttpClient> SignInAsync(PortalProcess portal, string user = "admin", string password = PortalProcess.AdminPassword, CookieContainer? cookies = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(portal.BaseUrl),
        };
        var page = await (await client.GetAsync("/account/login")).Content.ReadAsStringAsync();
        var token = Token().Match(page).Groups[1].Value;
        var login = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = token,
            ["Input.Username"] = user,
            ["Input.Password"] = password,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect || login.Headers.Location?.ToString().Contains("/account/login") == true)
            throw new InvalidOperationException($"Signing in as {user} failed: {(int)login.StatusCode} {login.Headers.Location}");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
