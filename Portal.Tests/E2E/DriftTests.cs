using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// Predictions with a shifted feature (Income × 10) are sent to the demo model through the API; a drift run started
/// on the model page's Drift tab flags Income as drifted.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class DriftTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";
    private const string Shifted = "Income";
    private const int Rows = 250;

    [Fact]
    public async Task DriftTab_ShiftedIncomeSentThroughApi_FlagsIncomeAsDrifted()
    {
        using var http = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        var tokenResponse = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword });
        tokenResponse.EnsureSuccessStatusCode();
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var predict = await http.PostAsJsonAsync($"/api/models/{Model}/predict", new { instances = ShiftedRows() });
        Assert.True(predict.IsSuccessStatusCode, await predict.Content.ReadAsStringAsync());
        var lastId = (await predict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("predictions").EnumerateArray().Last().GetProperty("predictionId").GetString();

        var page = await browser.SignedInPageAsync();
        // The log writer stores predictions in the background: let the browser poll until the last one is stored.
        await page.WaitForFunctionAsync(
            "async ([id, token]) => (await fetch(`/api/predictions/${id}`, { headers: { Authorization: `Bearer ${token}` } })).status === 200",
            new object[] { lastId!, token },
            new PageWaitForFunctionOptions { PollingInterval = 200, Timeout = 30_000 });

        await page.GotoAsync($"/models/{Model}");
        // Buttons are enabled once the circuit is interactive: only then does a tab click switch panels.
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.GetByTestId("tab-drift").ClickAsync();
        await Expect(page.GetByTestId("drift-tab")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var run = page.GetByTestId("drift-run");
        await Expect(run).ToBeEnabledAsync();
        await run.ClickAsync();

        var row = page.GetByTestId($"drift-row-{Shifted}");
        await Expect(row).ToHaveAttributeAsync("data-drifted", "true", new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("drift-status")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("drift-table")).ToContainTextAsync("wasserstein");
        await Expect(page.GetByTestId("drift-report-link")).ToBeVisibleAsync();
        await row.ClickAsync();
        await Expect(page.GetByTestId("drift-histogram")).ToHaveAttributeAsync("data-feature", Shifted);
        await Expect(page.GetByTestId("drift-histogram").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "drift.png"), FullPage = true });
    }

    /// <summary>The first complete rows of credit_data.csv as features objects, Income multiplied by 10.</summary>
    private static List<JsonObject> ShiftedRows()
    {
        var rows = CreditRows.Features(Rows);
        foreach (var row in rows) row[Shifted] = row[Shifted]!.GetValue<double>() * 10;
        return rows;
    }
}
