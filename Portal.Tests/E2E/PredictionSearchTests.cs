using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// A prediction made through the API is found on /predictions by its id and its detail opens in view, on a desktop
/// and a phone; the Predictions and Audit filters survive a reload because they live in the URL.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class PredictionSearchTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SearchById_PredictionMadeThroughTheApi_OpensItsDetailInViewAt1440And390()
    {
        var id = await PredictAsync();

        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            foreach (var dark in new[] { false, true })
            {
                var page = await browser.SignedInPageAsync();
                if (dark) await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "portal-theme", Value = "dark", Url = browser.Portal.BaseUrl }]);
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync("/predictions");
                // Typing before the circuit is live would be lost: the search box is enabled only once it is.
                await Expect(page.Locator("input[data-testid=predictions-search]")).ToBeEnabledAsync();
                await Expect(page.GetByTestId("predictions-table")).ToBeVisibleAsync();
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"predictions-{width}-{(dark ? "dark" : "light")}.png"), FullPage = true });
                // The table fits the width (on a phone its rows stack into cards) rather than being cut at the right.
                Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('[data-testid=predictions-table] table').getBoundingClientRect().right <= window.innerWidth + 1"),
                    $"the predictions table fits in {width} px");

                await page.Locator("input[data-testid=predictions-search]").FillAsync(id.ToString());
                await page.Locator("input[data-testid=predictions-search]").PressAsync("Enter");

                var detailId = page.GetByTestId("prediction-detail-id");
                await Expect(detailId).ToHaveTextAsync(id.ToString());
                await Expect(detailId).ToBeInViewportAsync();
                await Expect(page.GetByTestId("prediction-detail-label")).ToBeInViewportAsync();
                // The dialog opens with a short scale animation: measure it once it has settled.
                await page.WaitForFunctionAsync(
                    "w => { const r = document.querySelector('.mud-dialog').getBoundingClientRect(); return r.x >= 0 && r.y >= 0 && r.right <= w && (w >= 600 || r.width >= w - 24); }",
                    width);
                var box = await page.Locator(".mud-dialog").BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.Y >= 0 && box.X + box.Width <= width, $"the dialog {box.X},{box.Y} {box.Width}x{box.Height} lies within the {width} px viewport");
                if (width < 600) Assert.True(box.Width >= width - 24, $"on a phone the dialog takes the width ({box.Width} of {width} px)");
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"[?&]id={id}"));
                await Expect(page.GetByTestId("prediction-detail-time")).ToContainTextAsync("UTC");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"predictions-detail-{width}-{(dark ? "dark" : "light")}.png") });

                await page.GetByTestId("prediction-detail-close").ClickAsync();
                await Expect(detailId).ToHaveCountAsync(0);
                await Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]id="));
                await page.Context.CloseAsync();
            }
        }

        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }

    [Fact]
    public async Task Filters_ChosenOnThePage_SurviveAReloadThroughTheUrl()
    {
        await PredictAsync();
        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/predictions");
        await Expect(page.GetByTestId("predictions-apply")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("predictions-table")).ToBeVisibleAsync();

        await page.GetByTestId("predictions-filter-labelled").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Not labelled" }).ClickAsync();
        await Expect(page.GetByTestId("predictions-filter-labelled")).ToContainTextAsync("Not labelled");
        await page.GetByTestId("predictions-apply").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]labelled=no"));

        await page.ReloadAsync();
        await Expect(page.GetByTestId("predictions-apply")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("predictions-filter-labelled")).ToContainTextAsync("Not labelled");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("[?&]labelled=no"));

        // The audit log: the demo model's training run, found by a shared link and still filtered after a reload.
        await page.GotoAsync("/admin/audit?action=training.succeeded");
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("credit-risk v1");
        await page.ReloadAsync();
        await Expect(page.GetByTestId("audit-apply")).ToBeEnabledAsync();
        await Expect(page.GetByTestId("audit-table")).ToContainTextAsync("training.succeeded");
        await Expect(page.GetByTestId("audit-table")).Not.ToContainTextAsync("dataset.uploaded");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "audit-training-filtered-1440.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "audit-training-filtered-390.png"), FullPage = true });
    }

    /// <summary>Scores one credit_data-like row through the API and waits until the log has stored it.</summary>
    private async Task<Guid> PredictAsync()
    {
        using var api = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        var token = (await (await api.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var features = new Dictionary<string, object>
        {
            ["Seniority"] = 9, ["Home"] = "rent", ["Time"] = 60, ["Age"] = 30, ["Marital"] = "married", ["Records"] = "no", ["Job"] = "freelance",
            ["Expenses"] = 73, ["Income"] = 129, ["Assets"] = 0, ["Debt"] = 0, ["Amount"] = 800, ["Price"] = 846,
        };
        var response = await api.PostAsJsonAsync("/api/models/credit-risk/predict", new { features });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictionId").GetGuid();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"/api/predictions/{id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the prediction log to store the prediction");
        return id;
    }
}
