using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A prediction on the Predict page draws its explanation as a waterfall (a Plotly SVG naming the features, from the
/// average row to the prediction), and the same prediction opened on the Predictions page shows its own. Screenshots at
/// 1280 and 390 wide, light and dark.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ExplanationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PredictPage_Predicts_DrawsTheWaterfall_AndThePredictionsDialogShowsItToo()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/predict?model=credit-risk");
        await Expect(page.GetByTestId("predict-submit")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await page.GetByTestId("predict-submit").ClickAsync();
        await Expect(page.GetByTestId("predict-label")).ToBeVisibleAsync();

        var waterfall = page.GetByTestId("explanation-waterfall");
        await Expect(waterfall).ToContainTextAsync("Why: feature contributions");
        // Plotly drew the bars and labelled them with the features ("Income = 129"), the base and the prediction.
        await Expect(waterfall.Locator("svg .point").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var ticks = await waterfall.Locator("svg .ytick text").AllTextContentsAsync();
        Assert.Contains(ticks, t => t.StartsWith("Income", StringComparison.Ordinal) || t.StartsWith("Seniority", StringComparison.Ordinal) || t.StartsWith("Amount", StringComparison.Ordinal));
        Assert.True(ticks.Count >= 5, $"only {ticks.Count} waterfall rows: {string.Join(" | ", ticks)}");
        await ShotsAsync(page, waterfall, "explanation-predict");

        await page.GotoAsync("/predictions?model=credit-risk");
        var open = page.Locator("[data-testid^=prediction-open-]").First;
        await Expect(open).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await open.ClickAsync();
        var dialogWaterfall = page.Locator(".mud-dialog [data-testid=explanation-waterfall]");
        await Expect(dialogWaterfall.Locator("svg .point").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "explanation-dialog-light-1280.png") });
        Assert.Empty(browser.SecurityViolations);
    }

    private async Task ShotsAsync(IPage page, ILocator target, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.ReloadAsync();
                await Expect(page.GetByTestId("predict-submit")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                await page.GetByTestId("predict-submit").ClickAsync();
                await Expect(target.Locator("svg .point").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
                await target.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"{name}-{theme}-{width}.png") });
            }
        }

        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "light", Url = browser.Portal.BaseUrl }]);
        await page.SetViewportSizeAsync(1280, 900);
    }
}
