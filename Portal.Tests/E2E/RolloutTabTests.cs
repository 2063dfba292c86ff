using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The portal with a fast decision loop (<c>Portal:Rollouts:DecisionIntervalSeconds=2</c>) and Chromium: the shared
/// <see cref="BrowserFixture"/> starts the portal with the default settings, this one with the loop's interval set.
/// </summary>
public sealed class RolloutBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalProcess Portal { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        Portal = await PortalProcess.StartAsync(new PortalProcessOptions { Settings = new() { ["Portal:Rollouts:DecisionIntervalSeconds"] = "2" } });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task<IPage> SignedInPageAsync(string theme = "light")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Portal.BaseUrl, ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        await context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = Portal.BaseUrl }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/account/login**");
        await page.FillAsync("#username", "admin");
        await page.FillAsync("#password", PortalProcess.AdminPassword);
        await page.ClickAsync("#sign-in");
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Portal is not null) await Portal.DisposeAsync();
    }
}

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
        var rows = Rows(1);
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

    private async Task ShotsAsync(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = fixture.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{Model}/rollouts");
                await Expect(page.GetByTestId(name == "empty" ? "rollouts-empty" : "rollout-active")).ToBeVisibleAsync(new() { Timeout = 60_000 });
                // Shot once the circuit is up: prerendered, every action is greyed out (the README's screenshot was).
                await Expect(page.GetByTestId(name == "empty" ? "rollout-create" : "rollout-abort")).ToBeEnabledAsync(new() { Timeout = 60_000 });
                var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(pageWidth <= width, $"the rollouts tab is {pageWidth} px wide at {width} px ({theme})");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"rollouts-{name}-{theme}-{width}.png"), FullPage = true });
            }
        }

        await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = "light", Url = fixture.Portal.BaseUrl }]);
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync($"/models/{Model}/rollouts");
    }

    /// <summary>v2 of the demo model (logistic regression on the demo's dataset), through the training API.</summary>
    private static async Task TrainSecondVersionAsync(HttpClient api)
    {
        await Eventually.TrueAsync(async () => (await api.GetAsync($"/api/models/{Model}/versions/1")).IsSuccessStatusCode,
            TimeSpan.FromMinutes(2), "the demo model's v1");
        var response = await api.PostAsJsonAsync($"/api/models/{Model}/train", new { datasetId = 1, label = "Status", positiveClass = "bad", trainer = "LogisticRegression" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
        var status = "queued";
        await Eventually.TrueAsync(async () =>
        {
            status = (await api.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("status").GetString()!;
            return status is "succeeded" or "failed";
        }, TimeSpan.FromMinutes(3), $"training run {runId}");
        Assert.Equal("succeeded", status);
    }

    /// <summary>Complete rows of the demo's dataset without the label.</summary>
    private static List<JsonObject> Rows(int count)
    {
        var lines = File.ReadLines(TestPaths.Sample("credit_data.csv")).Select(l => l.Split(',')).ToList();
        var header = lines[0].Select(h => h.Trim('"')).ToArray();
        var rows = new List<JsonObject>();
        foreach (var cells in lines.Skip(1).Where(c => c.All(v => v.Length > 0)).Take(count))
        {
            var row = new JsonObject();
            for (var i = 0; i < header.Length; i++)
            {
                if (header[i] == "Status") continue;
                row[header[i]] = cells[i].StartsWith('"') ? cells[i].Trim('"') : double.Parse(cells[i], CultureInfo.InvariantCulture);
            }
            rows.Add(row);
        }
        return rows;
    }
}
