using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A data scientist trains a new version of the demo model with "Auto: sweep all four trainers" (3 folds) from the model
/// page, leaves it training in the background, and opens the finished run's candidates in the runs panel. A second run,
/// queued behind a sweep, is cancelled from the panel. Screenshots light and dark, 1280 and 390 wide.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class SweepTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task DataScientist_SweepsFromTheModelPage_AndSeesTheCandidates()
    {
        using var api = await browser.Portal.CreateAdminClientAsync();
        await ApiTraining.WaitForVersionAsync(api, Model, 1);
        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync(new() { Timeout = 60_000 });

        await page.GetByTestId("train-button").ClickAsync();
        await Expect(page.GetByTestId("train-form")).ToBeVisibleAsync(Slow);
        await page.GetByTestId("train-trainer").ClickAsync();
        await page.GetByText("Auto: sweep all four trainers").ClickAsync();
        await Expect(page.GetByTestId("train-sweep-summary")).ToContainTextAsync("13 candidates");
        await page.Locator("input[data-testid=train-folds]").FillAsync("3");
        await page.Locator("input[data-testid=train-folds]").BlurAsync();
        await Expect(page.GetByTestId("train-sweep-summary")).ToContainTextAsync("3-fold");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "sweep-dialog-light-1280.png") });
        await page.GetByTestId("train-start").ClickAsync();
        await Expect(page.GetByTestId("train-run")).ToContainTextAsync("a sweep of 13 candidates", new() { Timeout = 30_000 });
        await page.GetByText("Keep training in the background").ClickAsync();

        // A second run queued behind the sweep: cancelled from the panel, it never trains.
        await page.GetByTestId("train-button").ClickAsync();
        await Expect(page.GetByTestId("train-form")).ToBeVisibleAsync(Slow);
        await page.GetByTestId("train-start").ClickAsync();
        await Expect(page.GetByTestId("train-run")).ToBeVisibleAsync(Slow);
        await page.GetByText("Keep training in the background").ClickAsync();
        var queued = page.Locator("[data-testid=run-row][data-status=queued]");
        await Expect(queued).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=run-row][data-status=running]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.GetByTestId("runs-list").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "sweep-runs-inflight-light-1280.png") });
        await queued.GetByTestId("run-cancel").ClickAsync();
        await Expect(page.Locator("[data-testid=run-row][data-status=cancelled]")).ToHaveCountAsync(1, new() { Timeout = 30_000 });

        await Expect(page.GetByTestId("run-sweep-toggle")).ToBeVisibleAsync(Slow);
        await page.GetByTestId("run-sweep-toggle").ClickAsync();
        await Expect(page.Locator("[data-testid=sweep-candidate]")).ToHaveCountAsync(13);
        await Expect(page.Locator("[data-testid=sweep-candidate]").First).ToHaveAttributeAsync("data-chosen", "true");

        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{Model}");
                // Interactive first (the prerendered toggle does nothing): the train button is enabled once it is.
                await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                await page.GetByTestId("run-sweep-toggle").ClickAsync();
                await Expect(page.Locator("[data-testid=sweep-candidate]")).ToHaveCountAsync(13);
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the model page is {pageWidth} px wide at {width} px ({theme})");
                await page.GetByTestId("runs-list").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"sweep-runs-{theme}-{width}.png") });
                await page.GetByTestId("train-button").ClickAsync();
                await page.GetByTestId("train-trainer").ClickAsync();
                await page.GetByText("Auto: sweep all four trainers").ClickAsync();
                await Expect(page.GetByTestId("train-sweep-summary")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"sweep-dialog-{theme}-{width}.png") });
                await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
                await Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            }
        }
    }
}
