using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The demo model's version view: the threshold slider moved with the keyboard updates the matrix heading, and the
/// precision-recall curve draws beside the ROC curve; screenshots in light and dark, desktop and phone.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ThresholdSliderTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task VersionView_SliderMovesThreshold_ScreenshotsLightAndDark()
    {
        var page = await browser.SignedInPageAsync();
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync("/models/credit-risk");
                await Expect(page.GetByTestId("threshold-value")).ToHaveTextAsync("0.50");
                // Enabled buttons: the circuit is interactive, so key presses on the slider reach the server.
                await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
                var f1AtHalf = await page.GetByTestId("threshold-f1").TextContentAsync();

                var slider = page.GetByTestId("threshold-panel").Locator("input[type=range]");
                await slider.FocusAsync();
                // One step at a time, each confirmed by the server's render, so no key press races the previous one.
                for (var step = 51; step <= 70; step++)
                {
                    await slider.PressAsync("ArrowRight");
                    await Expect(page.GetByTestId("threshold-value")).ToHaveTextAsync($"0.{step}");
                }

                await Expect(page.GetByTestId("threshold-value")).ToHaveTextAsync("0.70");
                await Expect(page.GetByTestId("threshold-f1")).Not.ToHaveTextAsync(f1AtHalf!);
                await Expect(page.GetByTestId("pr-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();
                await page.WaitForFunctionAsync(
                    "w => { const s = document.querySelector('[data-testid=pr-chart] svg.main-svg'); return s && s.getBoundingClientRect().width <= w; }",
                    width);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"version-threshold-{theme}-{width}.png"), FullPage = true });
            }
        }

        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }
}
