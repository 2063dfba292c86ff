using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A data scientist's flow on the model page: two versions of a model (trained through the API), then Create ensemble,
/// weight the first row twice, create; the new version's row says what it averages and its page lists the components.
/// Screenshots of the dialog and the ensemble's version, light and dark, 1440 and 390 wide.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EnsembleTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "ensemble-with-a-rather-long-model-name";
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task User_CreatesAnEnsembleFromTheModelPage_AndSeesItsComponents()
    {
        using var api = await browser.Portal.CreateAdminClientAsync();
        await TrainAsync(api, "FastTree");
        await TrainAsync(api, "LogisticRegression");
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("version-2")).ToBeVisibleAsync(Slow);
        await Expect(page.GetByTestId("ensemble-button")).ToBeEnabledAsync(new() { Timeout = 60_000 });

        await page.GetByTestId("ensemble-button").ClickAsync();
        await Expect(page.GetByTestId("ensemble-row-1")).ToBeVisibleAsync();
        await page.Locator("input[data-testid=ensemble-weight-0]").FillAsync("2");
        await page.Locator("input[data-testid=ensemble-weight-0]").BlurAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "ensemble-dialog-light-1440.png") });
        await page.GetByTestId("ensemble-create").ClickAsync();

        await Expect(page.GetByTestId("ensemble-dialog")).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("trainer-3")).ToHaveTextAsync("ensemble of v1, v2");
        await Expect(page.GetByTestId("selected-version")).ToHaveTextAsync("Version 3");
        await Expect(page.GetByTestId("ensemble-component-2")).ToContainTextAsync("67%");
        await Expect(page.GetByTestId("ensemble-component-1")).ToContainTextAsync("loaded");

        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{Model}/versions/3");
                await Expect(page.GetByTestId("ensemble-components")).ToBeVisibleAsync(Slow);
                await Expect(page.GetByTestId("ensemble-button")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                // The ensemble's own evaluation draws its curves like any version's.
                await Expect(page.GetByTestId("roc-chart").Locator("svg.main-svg").First).ToBeVisibleAsync(Slow);
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the model page is {pageWidth} px wide at {width} px ({theme})");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"ensemble-version-{theme}-{width}.png"), FullPage = true });
                await page.GetByTestId("ensemble-panel").ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"ensemble-panel-{theme}-{width}.png") });

                // The dialog over the page, at this width and theme (ensembles are not offered as components).
                await page.GetByTestId("ensemble-button").ClickAsync();
                await Expect(page.GetByTestId("ensemble-row-1")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"ensemble-dialog-{theme}-{width}.png") });
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    private static async Task TrainAsync(HttpClient api, string trainer)
    {
        await Eventually.TrueAsync(async () => (await api.GetAsync("/api/datasets/1")).IsSuccessStatusCode, TimeSpan.FromMinutes(2), "the demo's dataset");
        await ApiTraining.TrainAsync(api, Model, new { datasetId = 1, label = "Status", positiveClass = "bad", trainer, options = trainer == "FastTree" ? new Dictionary<string, double> { ["numberOfTrees"] = 20 } : null });
    }
}
