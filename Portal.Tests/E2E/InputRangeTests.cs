using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A value far outside the training range (Income -500 for the demo model, trained on 6..959) is warned about on the
/// Predict form's field and in the result, and lands in the Drift tab's underflow bin instead of stretching the axis.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class InputRangeTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";

    [Fact]
    public async Task PredictForm_IncomeMinus500_WarnsOnTheFieldAndInTheResult()
    {
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/predict?model={Model}");
        await Expect(page.GetByTestId("predict-submit")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("predict-form")).ToContainTextAsync("training range 6 to 959");

        var income = page.Locator("input[data-testid=feature-Income]");
        await income.FillAsync("-500");
        await income.PressAsync("Tab");
        await Expect(page.GetByTestId("range-warning-Income")).ToContainTextAsync("far outside the training range (6 to 959)");

        await page.GetByTestId("predict-submit").ClickAsync();
        await Expect(page.GetByTestId("predict-warning-Income")).ToContainTextAsync("Income = -500 (trained on 6 to 959)");
        await Expect(page.GetByTestId("predict-label")).ToBeVisibleAsync();

        await ScreenshotAsync(page, "predict-range-1440.png", 1440, 900);
        await ScreenshotAsync(page, "predict-range-390.png", 390, 844);
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (r + g + b) / 3 < 128; }");
        await ScreenshotAsync(page, "predict-range-dark-390.png", 390, 844);
        await ScreenshotAsync(page, "predict-range-dark-1440.png", 1440, 900);
        await page.GetByTestId("theme-toggle").ClickAsync();
    }

    [Fact]
    public async Task DriftTab_OneIncomeOutlier_IsCountedInTheUnderflowBin()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        var tokenResponse = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword });
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var rows = CreditRows.Features(60);
        rows[0]["Income"] = -500;
        var predict = await http.PostAsJsonAsync($"/api/models/{Model}/predict", new { instances = rows });
        Assert.True(predict.IsSuccessStatusCode, await predict.Content.ReadAsStringAsync());
        var predictions = (await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal("Income", predictions[0].GetProperty("warnings")[0].GetProperty("feature").GetString());
        var lastId = predictions[^1].GetProperty("predictionId").GetString();

        var page = await browser.SignedInPageAsync();
        await page.WaitForFunctionAsync(
            "async ([id, token]) => (await fetch(`/api/predictions/${id}`, { headers: { Authorization: `Bearer ${token}` } })).status === 200",
            new object[] { lastId!, token },
            new PageWaitForFunctionOptions { PollingInterval = 200, Timeout = 30_000 });

        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.GetByTestId("tab-drift").ClickAsync();
        await Expect(page.GetByTestId("drift-tab")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var run = page.GetByTestId("drift-run");
        await Expect(run).ToBeEnabledAsync();
        await run.ClickAsync();
        var row = page.GetByTestId("drift-row-Income");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await row.ClickAsync();
        await Expect(page.GetByTestId("drift-histogram")).ToHaveAttributeAsync("data-feature", "Income");
        await Expect(page.GetByTestId("drift-out-of-range")).ToContainTextAsync("\"< 6\"");
        await Expect(page.GetByTestId("drift-histogram").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "drift-range-1440.png", 1440, 900);
        await ScreenshotAsync(page, "drift-range-390.png", 390, 844);
    }

    private static async Task ScreenshotAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, name), FullPage = true });
    }
}
