using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>The shared <see cref="BrowserFixture"/> with a fast decision loop (<c>Portal:Rollouts:DecisionIntervalSeconds=2</c>).</summary>
public sealed class RolloutBrowserFixture() : BrowserFixture(new PortalProcessOptions { Settings = new() { ["Portal:Rollouts:DecisionIntervalSeconds"] = "2" } });

/// <summary>
/// An admin starts a canary of v2 (steps 50, 100; 10 samples a step) from the model's Rollouts tab; predictions sent
/// through the API with <c>X-Portal-Key</c> headers make the decision loop step it up, and the open page shows the
/// second step without a reload. Screenshots of the empty state and the active canary, light and dark, 1440 and 390 wide.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class RolloutTabTests(RolloutBrowserFixture fixture) : IClassFixture<RolloutBrowserFixture>
{
    private const string Model = "credit-risk";

    [Fact]
    public async Task AdminStartsCanary_PredictionsArrive_PageShowsItAdvanceWithoutReload()
    {
        using var api = await fixture.Portal.CreateAdminClientAsync();
        await TrainSecondVersionAsync(api);
        var page = await fixture.SignedInPageAsync();

        await page.GotoAsync($"/models/{Model}/rollouts");
        await Expect(page.GetByTestId("rollout-create")).ToBeEnabledAsync(new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("rollouts-empty")).ToContainTextAsync("No rollout yet");
        await ShotsAsync(page, "empty");

        await page.GetByTestId("rollout-create").ClickAsync();
        await page.Locator("input[data-testid=rollout-steps]").FillAsync("50,100");
        await page.Locator("input[data-testid=rollout-min-samples]").FillAsync("10");
        await page.Locator("input[data-testid=rollout-min-samples]").BlurAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "rollouts-form-light-1440.png"), FullPage = true });
        await page.GetByTestId("rollout-start").ClickAsync();
        await Expect(page.GetByTestId("rollout-step")).ToHaveTextAsync("Step 1 of 2:");
        await Expect(page.GetByTestId("rollout-active")).ToContainTextAsync("Canary: v2 against champion v1");

        // Keys 0..199: about half go to the candidate, far more than the 10 a step needs.
        var rows = CreditRows.Features(1);
        for (var key = 0; key < 200; key++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{Model}/predict") { Content = JsonContent.Create(new { instances = rows }) };
            request.Headers.Add("X-Portal-Key", $"customer-{key}");
            var response = await api.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        // The loop looks every 2 s; the tab reads the rollout again every 2 s: no reload.
        await Expect(page.GetByTestId("rollout-step")).ToHaveTextAsync("Step 2 of 2:", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=rollout-decision][data-action=step_up]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("rollout-evidence")).ToBeVisibleAsync();
        await ShotsAsync(page, "canary");
    }

    /// <summary>
    /// A model with a long name tried three ways, one after the other: a canary moved up two of its four steps, an A/B
    /// test and a shadow, each with labelled traffic; the charts of each are shot (light and dark, 1440 and 390 wide) and
    /// the page must not grow wider than the window.
    /// </summary>
    [Fact]
    public async Task CanaryAbAndShadow_LongModelName_ChartsDrawnAtEveryWidthAndTheme()
    {
        const string model = "credit-risk-small-business-loans-eu-west-quarterly-retrain";
        using var api = await fixture.Portal.CreateAdminClientAsync();
        await Eventually.TrueAsync(async () => (await api.GetAsync($"/api/models/{Model}/versions/1")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), "the demo model's v1");
        await TrainAsync(api, model);
        await TrainAsync(api, model);
        var promoted = await api.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "baseline" });
        Assert.True(promoted.IsSuccessStatusCode, await promoted.Content.ReadAsStringAsync());
        var page = await fixture.SignedInPageAsync();
        var rows = CreditRows.Features(120);

        // Canary: each burst of traffic, sent while it is paused (so that no look steps it mid-burst), moves it one step at
        // the next look after it resumes; it stops at the third of four steps.
        var canary = await StartAsync(api, model, new { kind = "canary", candidateVersion = 2, steps = new[] { 20, 50, 80, 100 }, minSamplesPerStep = 10 });
        for (var step = 2; step <= 3; step++)
        {
            await ActAsync(api, model, canary, "pause");
            await TrafficAsync(api, model, rows, $"c{step}");
            await ActAsync(api, model, canary, "resume");
            await Eventually.TrueAsync(async () => (await RolloutAsync(api, model, canary)).GetProperty("currentStep").GetInt32() == step - 1,
                TimeSpan.FromMinutes(1), $"the canary at step {step}");
        }

        await LooksAsync(api, model, canary, 6);
        await ShotsAsync(page, "kinds-canary", model);
        await AbortAsync(api, model, canary);

        foreach (var kind in new[] { "ab", "shadow" })
        {
            var id = await StartAsync(api, model, new { kind, candidateVersion = 2, minSamplesPerStep = 100_000 });
            await TrafficAsync(api, model, rows, kind);
            await LooksAsync(api, model, id, 4);
            await ShotsAsync(page, $"kinds-{kind}", model);
            await AbortAsync(api, model, id);
        }
    }

    private static Task TrainAsync(HttpClient api, string model) =>
        ApiTraining.TrainAsync(api, model, new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "LogisticRegression" });

    private static async Task<Guid> StartAsync(HttpClient api, string model, object plan)
    {
        var response = await api.PostAsJsonAsync($"/api/models/{model}/rollouts", plan);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> RolloutAsync(HttpClient api, string model, Guid id) =>
        await api.GetFromJsonAsync<JsonElement>($"/api/models/{model}/rollouts/{id}");

    private static Task AbortAsync(HttpClient api, string model, Guid id) => ActAsync(api, model, id, "abort");

    private static async Task ActAsync(HttpClient api, string model, Guid id, string action)
    {
        var response = await api.PostAsJsonAsync($"/api/models/{model}/rollouts/{id}/{action}", new { reason = "screenshots" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the rollout has at least <paramref name="count"/> kept looks.</summary>
    private static Task LooksAsync(HttpClient api, string model, Guid id, int count) =>
        Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"/api/models/{model}/rollouts/{id}/looks")).GetArrayLength() >= count,
            TimeSpan.FromMinutes(1), $"{count} looks at rollout {id}");

    /// <summary>One keyed prediction per row, then labels for them: right for 17 of every 20, so both arms have a spread.</summary>
    private static async Task TrafficAsync(HttpClient api, string model, List<JsonObject> rows, string keys)
    {
        var labels = new List<object>();
        for (var i = 0; i < rows.Count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict") { Content = JsonContent.Create(new { features = rows[i] }) };
            request.Headers.Add("X-Portal-Key", $"{keys}-{i}");
            var response = await api.SendAsync(request);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            var label = body.GetProperty("label").GetString()!;
            labels.Add(new { predictionId = body.GetProperty("predictionId").GetGuid(), label = i % 20 < 17 ? label : label == "bad" ? "good" : "bad" });
        }

        // The log's writer stores predictions in the background: labels go in once it has them all.
        await Eventually.TrueAsync(async () =>
        {
            var response = await api.PostAsJsonAsync("/api/labels", labels);
            return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected").GetArrayLength() == 0;
        }, TimeSpan.FromMinutes(1), "labels for the traffic");
    }

    private async Task ShotsAsync(IPage page, string name, string model = Model)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = fixture.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{model}/rollouts");
                await Expect(page.GetByTestId(name == "empty" ? "rollouts-empty" : "rollout-active")).ToBeVisibleAsync(new() { Timeout = 60_000 });
                if (name.StartsWith("kinds-", StringComparison.Ordinal))
                    await Expect(page.GetByTestId("rollout-test-chart").Locator(".main-svg").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
                // Shot once the circuit is up: prerendered, every action is greyed out (the README's screenshot was).
                await Expect(page.GetByTestId(name == "empty" ? "rollout-create" : "rollout-abort")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the rollouts tab is {pageWidth} px wide at {width} px ({theme})");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"rollouts-{name}-{theme}-{width}.png"), FullPage = true });
            }
        }

        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "light", Url = fixture.Portal.BaseUrl }]);
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/models/{model}/rollouts");
    }

    /// <summary>v2 of the demo model (logistic regression on the demo's dataset), through the training API.</summary>
    private static async Task TrainSecondVersionAsync(HttpClient api)
    {
        await ApiTraining.WaitForVersionAsync(api, Model, 1);
        await ApiTraining.TrainAsync(api, Model, new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "LogisticRegression" });
    }
}
