using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Hosting.Fleet;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Fleet;

/// <summary>
/// A model page left open on replica B by a user an admin then disables through replica A lands on the login page by
/// itself within seconds: A's announcement drops B's cached access, and B's circuit checks it every second.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed partial class FleetSignedOutCircuitE2ETests(FleetSyncFixture fleet, ITestOutputHelper output) : IClassFixture<FleetSyncFixture>
{
    private const string User = "circuit-fleet";
    private const string Password = "Circuit-fleet-pass-1";

    [Fact]
    public async Task OpenPageOnB_UserDisabledOnA_LandsOnTheLoginPage()
    {
        var created = await fleet.AdminA.PostAsJsonAsync("/api/users", new { userName = User, password = Password, role = "DataScientist" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        Assertions.SetDefaultExpectTimeout(30_000);
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = fleet.B.BaseUrl });
        var page = await context.NewPageAsync();
        page.SetDefaultNavigationTimeout(90_000);
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", User);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in");
        await Expect(page).Not.ToHaveURLAsync(LoginPage(), new() { Timeout = 120_000 });
        await page.GotoAsync($"/models/{FleetSyncFixture.Model}");
        // Enabled buttons: B's circuit is interactive.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();

        var watch = Stopwatch.StartNew();
        var disabled = await fleet.AdminA.PutAsJsonAsync($"/api/users/{User}", new { disabled = true });
        Assert.True(disabled.IsSuccessStatusCode, await disabled.Content.ReadAsStringAsync());

        await Expect(page).ToHaveURLAsync(LoginPage(), new() { Timeout = 10_000 });
        await Expect(page.Locator("#username")).ToBeVisibleAsync();
        output.WriteLine($"the page open on B reached the login page {watch.ElapsedMilliseconds} ms after the user was disabled on A");
    }

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPage();
}
