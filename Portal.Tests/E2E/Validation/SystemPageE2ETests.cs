using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E.Validation;

/// <summary>An admin opens System, runs the checks on the published portal and sees every check and the verdict.</summary>
[Collection(E2ECollection.Name)]
public sealed class SystemPageE2ETests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_RunsTheChecks_SeesEachCheckAndThePassVerdict()
    {
        var page = await browser.SignedInPageAsync();
        // The menu link is checked by SystemPageTests (bUnit); a click on it before the dashboard's circuit is up becomes an
        // enhanced navigation that the starting circuit then renders over, so the test opens the address itself.
        await page.GotoAsync("/admin/system");
        await Expect(page.GetByTestId("disk-data-bar")).ToBeVisibleAsync();
        // Enabled once the circuit is interactive, which a loaded machine can take a while to reach.
        await Expect(page.GetByTestId("system-run")).ToBeEnabledAsync(new() { Timeout = 90_000 });

        await page.GetByTestId("system-run").ClickAsync();

        await Expect(page.GetByTestId("system-verdict")).ToHaveTextAsync("Pass", new() { Timeout = 120_000 });
        var outcomes = await page.GetByTestId("system-check").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.check + '=' + r.dataset.outcome)");
        Assert.Contains("database writable=pass", outcomes);
        Assert.Contains("training run=pass", outcomes);
        Assert.Contains("anonymous request refused=pass", outcomes);
        Assert.DoesNotContain(outcomes, o => o.EndsWith("=fail", StringComparison.Ordinal));

        await ScreenshotAsync(page, "system-light-1280.png", 1280, 900);
        await ScreenshotAsync(page, "system-light-390.png", 390, 844);
        // Dark: the theme cookie the toggle sets; the page shows the last run again after the reload.
        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "dark", Url = browser.Portal.BaseUrl }]);
        await page.ReloadAsync();
        await Expect(page.GetByTestId("system-verdict")).ToHaveTextAsync("Pass");
        await ScreenshotAsync(page, "system-dark-1280.png", 1280, 900);
        await ScreenshotAsync(page, "system-dark-390.png", 390, 844);
    }

    private static async Task ScreenshotAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, name), FullPage = true });
    }
}
