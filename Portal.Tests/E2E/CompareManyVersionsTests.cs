using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// Three versions of the demo model (v1 from the demo, v2 and v3 trained through the API): the versions table fits
/// 1440 px with the menu open, and Compare, with a third version chosen, shows three columns and three ROC curves,
/// keeps the choice in the address across a reload, and does not widen a phone's page. Screenshots light and dark.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class CompareManyVersionsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";

    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    [Fact]
    public async Task ThreeVersions_TableFitsDesktop_CompareChoosesThreeAndDrawsThreeCurves()
    {
        await TrainTwoMoreVersionsAsync();
        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(1440, 900);

        // The versions table: no sideways scroll at 1440 with the navigation drawer open (admin: with the Actions column).
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("version-3")).ToBeVisibleAsync(Slow);
        await Expect(page.Locator(".mud-drawer--open")).ToBeVisibleAsync();
        var (scroll, client) = await TableWidthAsync(page);
        Assert.True(scroll <= client, $"the versions table scrolls sideways at 1440 px: {scroll} px of content in {client} px");
        await Shot(page, "versions-1440");

        // Compare: the default pair (champion v1, newest v3), then v2 added from the chooser.
        await page.GotoAsync($"/models/{Model}/compare");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await Expect(page.Locator("[data-testid^=compare-col-]")).ToHaveCountAsync(2);
        await page.GetByTestId("compare-chooser").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex("^v2 ") }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page).ToHaveURLAsync(new Regex($"/models/{Model}/compare\\?versions=1,3,2$"));
        await Expect(page.Locator("[data-testid^=compare-col-]")).ToHaveCountAsync(3);
        var legend = page.GetByTestId("compare-roc").Locator("g.legend g.traces");
        await Expect(legend).ToHaveCountAsync(3);
        await Expect(legend.Nth(2)).ToContainTextAsync(new Regex(@"^v2 \(AUC 0\.\d{3}\)$"));
        await Expect(page.GetByTestId("compare-pr").Locator("g.legend g.traces")).ToHaveCountAsync(3);

        // The address is the choice: a reload shows the same three columns in the same order.
        await page.ReloadAsync();
        await Expect(page.Locator("[data-testid^=compare-col-]")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        Assert.Equal(["compare-col-1", "compare-col-3", "compare-col-2"],
            await page.Locator("[data-testid^=compare-col-]").EvaluateAllAsync<string[]>("cols => cols.map(c => c.dataset.testid)"));

        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{Model}/compare?versions=1,3,2");
                await Expect(page.GetByTestId("compare-roc").Locator("g.legend g.traces")).ToHaveCountAsync(3, new() { Timeout = 60_000 });
                await page.WaitForFunctionAsync(
                    "w => [...document.querySelectorAll('[data-testid=compare-roc] svg.main-svg, [data-testid=compare-pr] svg.main-svg')].every(s => s.getBoundingClientRect().width <= w)", width);
                // The page never scrolls sideways: a wide comparison scrolls inside its own box.
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the compare page is {pageWidth} px wide at {width} px ({theme})");
                await Shot(page, $"compare-{theme}-{width}");
            }
        }

        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("version-3")).ToBeVisibleAsync(Slow);
        await Shot(page, "versions-dark-1440");
        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }

    /// <summary>The versions table's scroll box: its content width and its visible width.</summary>
    private static async Task<(int Scroll, int Client)> TableWidthAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>(
            "() => { const box = document.querySelector('[data-testid=versions-table] .mud-table-container'); return [box.scrollWidth, box.clientWidth]; }");
        return (widths[0], widths[1]);
    }

    /// <summary>v2 (a small FastTree) and v3 (logistic regression) on the demo's dataset, through the training API.</summary>
    private async Task TrainTwoMoreVersionsAsync()
    {
        using var api = await browser.Portal.CreateAdminClientAsync();
        await ApiTraining.WaitForVersionAsync(api, Model, 1);
        object[] requests =
        [
            new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "FastTree", options = new Dictionary<string, double> { ["numberOfTrees"] = 20, ["numberOfLeaves"] = 4 } },
            new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "LogisticRegression" },
        ];
        foreach (var request in requests) await ApiTraining.TrainAsync(api, Model, request);
    }

    private static Task Shot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"compare-many-{name}.png"), FullPage = true });
}
