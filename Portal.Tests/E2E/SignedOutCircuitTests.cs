using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A page left open (an interactive circuit) by a user an admin then disables or demotes through the API lands on the
/// login page by itself within seconds: the circuit checks the user's access in memory every second.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class SignedOutCircuitTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const string Password = "Circuit-pass-1";

    [Theory]
    [InlineData("circuit-disabled", "{\"disabled\":true}")]
    [InlineData("circuit-demoted", "{\"role\":\"Viewer\"}")]
    public async Task OpenModelPage_UserDisabledOrDemoted_LandsOnTheLoginPage(string user, string change)
    {
        using var admin = await browser.Portal.CreateAdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = user, password = Password, role = "DataScientist" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var page = await browser.SignedInPageAsync(user, Password);
        await page.GotoAsync("/models/credit-risk");
        // Enabled buttons: the circuit is interactive, so what changes now reaches the open page through it.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();

        var watch = Stopwatch.StartNew();
        using var body = new StringContent(change, System.Text.Encoding.UTF8, "application/json");
        var changed = await admin.PutAsync($"/api/users/{user}", body);
        Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());

        await Expect(page).ToHaveURLAsync(LoginPage(), new() { Timeout = 10_000 });
        await Expect(page.Locator("#username")).ToBeVisibleAsync();
        output.WriteLine($"{user}: the open page reached the login page {watch.ElapsedMilliseconds} ms after the change");
        // The cookie is refused too: going back to the model page asks to sign in again.
        await page.GotoAsync("/models/credit-risk");
        await Expect(page).ToHaveURLAsync(LoginPage());
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPage();
}
