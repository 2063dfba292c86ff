using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Fleet;

/// <summary>An admin opens Fleet on the published portal (a fleet of one on SQLite): the replica is alive, serves the demo champion, holds every lease.</summary>
[Collection(E2ECollection.Name)]
public sealed class FleetPageE2ETests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_OpensFleet_SeesThisReplicaAliveAgreeingAndHoldingTheLeases()
    {
        var page = await browser.SignedInPageAsync();
        // Opened by address: a menu click before the dashboard's circuit is up is rendered over (see SystemPageE2ETests).
        await page.GotoAsync("/admin/fleet");

        await Expect(page.GetByTestId("fleet-agrees")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("fleet-replica")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("fleet-replica-state")).ToContainTextAsync("alive", new() { IgnoreCase = true });
        await Expect(page.GetByTestId("fleet-replica-serving")).ToContainTextAsync("credit-risk");
        Assert.True(await page.GetByTestId("fleet-lease").CountAsync() >= 6, "every once-per-fleet lease is listed");

        await ScreenshotAsync(page, "fleet-light-1280.png", 1280, 900);
        await ScreenshotAsync(page, "fleet-light-390.png", 390, 844);
        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "dark", Url = browser.Portal.BaseUrl }]);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("fleet-agrees")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ScreenshotAsync(page, "fleet-dark-1280.png", 1280, 900);
        await ScreenshotAsync(page, "fleet-dark-390.png", 390, 844);
    }

    private static async Task ScreenshotAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, name), FullPage = true });
    }
}
