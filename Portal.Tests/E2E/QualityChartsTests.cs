using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The demo model's version view draws its permutation importance (bars with error bars) and its reliability diagram
/// (points per bin, row counts as bars), with mean |SHAP| as the importance chart's second series and in the card list; screenshots in light and dark at 1280 and 390 px.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class QualityChartsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task DemoModelPage_DrawsImportanceAndReliabilityDiagram()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/models/credit-risk");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();

        var importance = page.GetByTestId("version-importance");
        await Expect(importance.Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(importance.Locator(".barlayer .point").First).ToBeVisibleAsync();
        Assert.True(await importance.Locator(".barlayer .point").CountAsync() >= 2);
        Assert.True(await importance.Locator(".errorbar").CountAsync() >= 2);
        // The second series: mean |SHAP| over the test split, computed when the demo model was trained.
        await Expect(importance.Locator(".legendtext").Filter(new LocatorFilterOptions { HasText = "mean |SHAP|" })).ToBeVisibleAsync();

        var reliability = page.GetByTestId("version-reliability");
        await Expect(reliability.Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(reliability.Locator(".scatterlayer .point").First).ToBeVisibleAsync();
        Assert.True(await reliability.Locator(".barlayer .point").CountAsync() >= 2);
        await Expect(page.GetByTestId("version-reliability-ece")).ToContainTextAsync("ECE");
        await Expect(page.GetByTestId("card-importance").Locator("li").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("card-shap").Locator("li").First).ToBeVisibleAsync();

        foreach (var dark in new[] { false, true })
        {
            var theme = dark ? "dark" : "light";
            if (dark)
            {
                await page.GetByTestId("theme-toggle").ClickAsync();
                await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (r + g + b) / 3 < 128; }");
                await page.WaitForFunctionAsync("() => document.cookie.split('; ').includes('portal-theme=dark')");
            }

            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                foreach (var chart in new[] { "version-importance", "version-reliability" })
                {
                    await page.WaitForFunctionAsync(
                        "id => { const box = document.querySelector(`[data-testid=${id}]`); const s = box && box.querySelector('svg.main-svg'); return s && s.getBoundingClientRect().width <= box.getBoundingClientRect().width + 1; }",
                        chart);
                }

                foreach (var panel in new[] { "calibration-panel", "importance-panel" })
                {
                    await page.GetByTestId(panel).ScrollIntoViewIfNeededAsync();
                    await page.GetByTestId(panel).ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"{panel}-{theme}-{width}.png") });
                }

                await page.GetByTestId("card-importance").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"card-importance-{theme}-{width}.png") });
                await page.GetByTestId("card-shap").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"card-shap-{theme}-{width}.png") });
            }
        }

        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDir, name);
}
