using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A category the demo model never saw (Home "castle"; training held owner, rent, parents, other, priv, ignore) is offered
/// no suggestion, warned about on the Predict form's field and in the result.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class UnknownCategoryTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PredictForm_UnknownHome_ShowsTheKnownCategories_AndWarnsOnTheFieldAndInTheResult()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/predict?model=credit-risk");
        await Expect(page.GetByTestId("predict-submit")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("predict-form")).ToContainTextAsync("category · 6 known");

        var home = page.Locator("input[data-testid=feature-Home]");
        await home.ClickAsync();
        await home.FillAsync("");
        // The known categories drop down as the box is emptied.
        await Expect(page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "parents" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "predict-category-list-1440.png", 1440, 900);
        await home.FillAsync("castle");
        await home.PressAsync("Tab");
        await Expect(page.GetByTestId("category-warning-Home")).ToContainTextAsync("not a category the model was trained on");

        await page.GetByTestId("predict-submit").ClickAsync();
        await Expect(page.GetByTestId("predict-warning-Home")).ToContainTextAsync("Home = \"castle\" (not a category in training)");
        await Expect(page.GetByTestId("predict-label")).ToBeVisibleAsync();

        await ScreenshotAsync(page, "predict-category-1440.png", 1440, 900);
        await ScreenshotAsync(page, "predict-category-390.png", 390, 844);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (r + g + b) / 3 < 128; }");
        await ScreenshotAsync(page, "predict-category-dark-390.png", 390, 844);
        await ScreenshotAsync(page, "predict-category-dark-1440.png", 1440, 900);
        await page.GetByTestId("theme-toggle").ClickAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, name), FullPage = true });
    }
}
