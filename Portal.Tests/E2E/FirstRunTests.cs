using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>What a newcomer does first: sign in, see the demo model, get a prediction from the playground.</summary>
[Collection(E2ECollection.Name)]
public sealed class FirstRunTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_DashboardShowsDemoModel_PlaygroundAnswersProbability()
    {
        var page = await browser.SignedInPageAsync();

        var card = page.GetByTestId("model-card-credit-risk");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("v1");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "dashboard.png"), FullPage = true });

        await page.GotoAsync("/predict?model=credit-risk");
        await Expect(page.GetByTestId("feature-Age")).ToBeVisibleAsync();
        await page.GetByTestId("predict-submit").ClickAsync();

        var probability = page.GetByTestId("predict-probability");
        await Expect(probability).ToBeVisibleAsync();
        var text = (await probability.InnerTextAsync()).Trim().TrimEnd('%');
        Assert.True(double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value), $"'{text}' is not a number");
        Assert.InRange(value, 0, 100);
        await Expect(page.GetByTestId("predict-label")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(good|bad)$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "predict.png"), FullPage = true });
    }

    [Fact]
    public async Task ModelPage_DemoModel_DrawsRocCurveAndConfusionMatrix()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/models/credit-risk");

        await Expect(page.GetByTestId("versions-table")).ToContainTextAsync("0.865");
        // Plotly draws into an SVG once its script ran in the browser: the charts are real, not placeholders.
        await Expect(page.GetByTestId("roc-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("confusion-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("schema-table")).ToContainTextAsync("Seniority");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "model.png"), FullPage = true });
    }

    [Fact]
    public async Task SignIn_WrongPassword_StaysOnLoginWithMessage()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.Portal.BaseUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/login");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", "not-the-password");
        await page.ClickAsync("#sign-in");
        await Expect(page.GetByTestId("login-error")).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
