using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>The dashboard's Rollout row in Chromium: a canary on a model with a long name, and none on the demo model; screenshots light and dark.</summary>
[Collection(E2ECollection.Name)]
public sealed class DashboardRolloutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk-for-small-business-loans-in-the-eu-region";

    [Fact]
    public async Task Dashboard_ActiveCanary_ShowsTheRolloutRowLinkingToTheRolloutsTab()
    {
        using var api = await browser.Portal.CreateAdminClientAsync();
        await Eventually.TrueAsync(async () => (await api.GetAsync("/api/models/credit-risk/versions/1")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), "the demo model's v1");
        await TrainAsync(api);
        await TrainAsync(api);
        var promoted = await api.PostAsJsonAsync($"/api/models/{Model}/versions/1/promote", new { alias = "champion", reason = "serve" });
        Assert.True(promoted.IsSuccessStatusCode, await promoted.Content.ReadAsStringAsync());
        var started = await api.PostAsJsonAsync($"/api/models/{Model}/rollouts", new { kind = "canary", candidateVersion = 2, steps = new[] { 25, 50, 100 } });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());

        var page = await browser.SignedInPageAsync();
        await page.GotoAsync("/");
        var link = page.GetByTestId($"model-card-{Model}").GetByTestId("card-rollout-link");
        await Expect(link).ToHaveTextAsync("canary v2 · 25% · running");
        await Expect(page.GetByTestId("model-card-credit-risk").GetByTestId("card-rollout")).ToHaveTextAsync("none");
        await ShotAsync(page, "light-1440", 1440, 900);
        await ShotAsync(page, "light-390", 390, 844);
        // Toggled at desktop width: the layout's drawer stays as it was.
        await page.SetViewportSizeAsync(1440, 900);
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.WaitForFunctionAsync("() => document.cookie.split('; ').includes('portal-theme=dark')");
        await ShotAsync(page, "dark-1440", 1440, 900);
        await ShotAsync(page, "dark-390", 390, 844);

        await link.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/models/{Model}/rollouts$"));
    }

    private static Task TrainAsync(HttpClient api) => ApiTraining.TrainAsync(api, Model,
        new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "FastTree", options = new Dictionary<string, double> { ["numberOfTrees"] = 5, ["numberOfLeaves"] = 4 } });

    private static async Task ShotAsync(IPage page, string name, int width, int height)
    {
        await page.SetViewportSizeAsync(width, height);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"dashboard-rollout-{name}.png"), FullPage = true });
    }
}
