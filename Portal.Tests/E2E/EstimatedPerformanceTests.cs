using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Extensions;
using Portal.Tests.Hosting;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// Predictions sent through the API with no labels show as estimated performance (CBPE) on the Performance tab; labels
/// uploaded later show as realized points on the same charts. Screenshots at 1280 and 390 px, light and dark.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class EstimatedPerformanceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const int Rows = 120;
    private const string Model = "credit-risk";

    [Fact]
    public async Task PredictionsWithoutLabels_EstimatedLine_ThenLabels_RealizedPoints()
    {
        using var api = await ApiAsync();
        var scored = await PredictAsync(api);

        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/models/{Model}/performance");
        var auc = page.GetByTestId("estimated-chart-AUC");
        await Expect(auc.Locator("svg.main-svg").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("estimated-no-labels")).ToContainTextAsync("realized points appear");
        // The line, its band (a filled path) and the legend saying what the band is; no realized point yet.
        await Expect(auc.Locator(".legend")).ToContainTextAsync("v1 estimated (band: ±3 sampling errors)");
        await Expect(auc.Locator("path.js-fill")).Not.ToHaveCountAsync(0);
        await Expect(auc.Locator(".legend")).Not.ToContainTextAsync("realized");
        Assert.Empty(await page.GetByTestId("estimated-drift-warning").AllAsync());
        await ShootAsync(page, "no-labels");

        // Labels arrive: realized points on the estimated charts, once the tab is refreshed.
        var labels = scored.Select(s => new { predictionId = s.Id, label = s.Truth, source = "crm" }).ToList();
        var upload = await (await api.PostAsJsonAsync("/api/labels", labels)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Rows, upload.GetProperty("accepted").GetInt32());
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/models/{Model}/performance");
        foreach (var metric in new[] { "AUC", "F1", "precision", "recall", "accuracy" })
        {
            var chart = page.GetByTestId($"estimated-chart-{metric}");
            await Expect(chart.Locator(".legend")).ToContainTextAsync("v1 realized");
            // The realized trace is drawn last, on top of the band and the line: one point per labelled day.
            await Expect(chart.Locator(".scatterlayer .trace:last-child .points path")).Not.ToHaveCountAsync(0);
        }

        Assert.Empty(await page.GetByTestId("estimated-no-labels").AllAsync());
        await ShootAsync(page, "labelled");

        // A phone-width page widened to a desktop: every plot of the tab (the realized reliability diagram among them)
        // follows its panel instead of overflowing it until a reload.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync($"/models/{Model}/performance");
        await Expect(page.GetByTestId("realized-reliability-1").Locator("svg.main-svg").First).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await PlotsInsidePanelsAsync(page, 1280);
        await page.SetViewportSizeAsync(390, 844);
        await PlotsInsidePanelsAsync(page, 390);

        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }

    [Fact]
    public async Task WeeksOfPredictions_CriticalDrift_BandShadedAndWarningReadable()
    {
        // A model of its own (the other test's labels and drift stay apart): a version whose test split gave it a reference.
        const string model = "credit-risk-weeks";
        await using var stores = SeededStores();
        var random = new Random(5);
        var probability = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();
        var evaluation = BinaryMetrics.Evaluate(probability.Select(p => random.NextDouble() < p).ToArray(), probability, 1600);
        await stores.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion(model, "e2e", TrainerKind.FastTree, TrainerCatalog.Resolve(TrainerKind.FastTree, null), null, null, "Status", "bad", "good",
                new FeatureSchema([new FeatureSpec("Seniority", ColumnType.Numeric)]), evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact($"{model}/v{version}.zip", new string('0', 64))));
        // Six days of predictions, the older three labelled: the band over the week, realized points where labels are.
        var now = DateTimeOffset.UtcNow;
        var records = new List<PredictionRecord>();
        var labels = new List<LabelRecord>();
        for (var d = 0; d < 6; d++)
        {
            for (var i = 0; i < 60; i++)
            {
                var at = now.AddDays(-d).AddMinutes(-1 - i);
                var bad = random.NextDouble() < 0.3;
                var p = Math.Clamp((bad ? 0.62 : 0.35) + (random.NextDouble() - 0.5) * 0.6 - 0.02 * d, 0.01, 0.99);
                var record = new PredictionRecord(PredictionIds.Next(at), model, 1, "champion", "{\"Seniority\":5}", p >= 0.5 ? "bad" : "good", p, 1, at);
                records.Add(record);
                if (d >= 3) labels.Add(new LabelRecord(record.Id, bad ? "bad" : "good", at, "e2e", at, "e2e"));
            }
        }

        await stores.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await stores.GetRequiredService<ILabelStore>().UpsertAsync(labels);
        await stores.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, model, 1, now.AddMinutes(-3), now.AddHours(-24), now, 300, 400,
            0.6, true, DriftStatuses.Critical, 0.6, DriftTriggers.Manual, new DriftReport([], [])));

        var page = await browser.SignedInPageAsync();
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/models/{model}/performance");
        var warning = page.GetByTestId("estimated-drift-warning");
        await Expect(warning).ToContainTextAsync("drift is critical, so trust realized labels over the estimate");
        var auc = page.GetByTestId("estimated-chart-AUC");
        await Expect(auc.Locator(".legend")).ToContainTextAsync("v1 realized");
        // The band is a filled area with a width, not an empty path.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=estimated-chart-AUC] path.js-fill')].some(p => p.getBBox().width > 10 && p.getBBox().height > 1)");
        await ShootAsync(page, "weeks-critical-drift");

        // The warning's link opens the Drift tab.
        await page.GetByTestId("estimated-drift-link").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/models/{model}/drift$"));
    }

    /// <summary>The portal's own stores on its database file (SQLite in WAL mode takes a second writer).</summary>
    private ServiceProvider SeededStores()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalServices(new PortalPaths
        {
            Home = TestPaths.RepoRoot,
            DataPath = browser.Portal.Root,
            ModelsPath = Path.Combine(browser.Portal.Root, "models"),
            ConnectionString = $"Data Source={Path.Combine(browser.Portal.Root, PortalPaths.DatabaseFileName)};Pooling=false",
        });
        return services.BuildServiceProvider();
    }

    /// <summary>The estimated section, then the whole page, at desktop and phone width in light and dark.</summary>
    private static async Task ShootAsync(IPage page, string name)
    {
        foreach (var theme in new[] { "light", "dark" })
        {
            if (theme == "dark") await ToggleThemeAsync(page, "dark");

            foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                var chart = page.GetByTestId("estimated-chart-AUC");
                await Expect(chart.Locator("svg.main-svg").First).ToBeVisibleAsync();
                // Plots follow the resize on their own schedule (and the drawer opens after it): wait until each lies in its panel.
                await PlotsInsidePanelsAsync(page, width);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"estimated-performance-{name}-{theme}-{width}.png"), FullPage = true });
                await chart.ScrollIntoViewIfNeededAsync();
                await chart.ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"estimated-auc-{name}-{theme}-{width}.png") });
            }
        }

        // Back to light for whatever follows.
        await ToggleThemeAsync(page, "light");
    }

    /// <summary>
    /// Clicks the app bar's theme toggle until the theme cookie says <paramref name="theme"/>: under CI load a click can
    /// land while Blazor re-renders the page (its charts still drawing) and be lost.
    /// </summary>
    private static async Task ToggleThemeAsync(IPage page, string theme)
    {
        var set = $"() => document.cookie.split('; ').includes('portal-theme={theme}')";
        for (var attempt = 1; ; attempt++)
        {
            // A late click of the previous attempt may have landed after all.
            if (await page.EvaluateAsync<bool>(set)) return;
            await page.GetByTestId("theme-toggle").ClickAsync();
            try
            {
                await page.WaitForFunctionAsync(set, null, new() { Timeout = 10_000 });
                return;
            }
            catch (Exception e) when (attempt < 3 && e is TimeoutException or PlaywrightException)
            {
            }
        }
    }

    /// <summary>
    /// Waits until every plot on the page lies inside its paper panel and fills its chart's width (Plotly resizes on its own
    /// schedule); fails naming those that do not.
    /// </summary>
    private const string Outside = """
            () => [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.offsetParent !== null).map(gd => {
                const panel = gd.closest('.mud-paper') ?? gd.parentElement;
                const p = panel.getBoundingClientRect();
                const svg = gd.querySelector('svg.main-svg');
                const s = (svg ?? gd).getBoundingClientRect();
                const chain = [];
                for (const e of [svg, svg?.parentElement, svg?.parentElement?.parentElement].filter(x => x)) chain.push(`${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')}=${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)} style(${e.getAttribute('style')})`);
                for (let e = gd; e && e !== document.body && chain.length < 10; e = e.parentElement) chain.push(`${e.tagName.toLowerCase()}.${[...e.classList].slice(0, 2).join('.')}=${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`);
                // Inside its panel and as wide as its chart element: a plot still at its old, narrower width has not redrawn yet.
                const g = gd.getBoundingClientRect();
                return s.right > p.right + 0.5 || s.left < p.left - 0.5 || s.width === 0 || Math.abs(s.width - g.width) > 2
                  ? `${gd.closest('[data-testid]')?.dataset.testid}: plot ${Math.round(s.left)}..${Math.round(s.right)} in a chart ${Math.round(g.width)} wide, in panel ${Math.round(p.left)}..${Math.round(p.right)} [${chain.join(' < ')}]`
                  : null;
              }).filter(x => x)
            """;

    private static async Task PlotsInsidePanelsAsync(IPage page, int width)
    {
        try
        {
            await page.WaitForFunctionAsync($"() => ({Outside})().length === 0", null, new() { Timeout = 20_000 });
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            var outside = await page.EvaluateAsync<string[]>(Outside);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"estimated-performance-resized-{width}.png"), FullPage = true });
            Assert.Fail($"at {width} px these plots overflow their panels: {string.Join("; ", outside)}");
        }
    }

    private static string Shot(string file) => Path.Combine(BrowserFixture.ArtifactsDir, file);

    private async Task<HttpClient> ApiAsync()
    {
        var api = new HttpClient { BaseAddress = new Uri(browser.Portal.BaseUrl) };
        var token = (await (await api.PostAsJsonAsync("/api/auth/token", new { username = "admin", password = PortalProcess.AdminPassword }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return api;
    }

    /// <summary>Scores real credit_data rows through the API, remembering each prediction's true outcome; waits until they are logged.</summary>
    private static async Task<List<(Guid Id, string Truth)>> PredictAsync(HttpClient api)
    {
        var features = (await api.GetFromJsonAsync<JsonElement>($"/api/models/{Model}/versions/1")).GetProperty("features").EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString()!);
        CsvTable table;
        await using (var file = File.OpenRead(TestPaths.Sample("credit_data.csv"))) table = CsvTableReader.Read(file);
        var status = table.IndexOf("Status");
        var scored = new List<(Guid Id, string Truth)>();
        foreach (var row in table.Rows.Skip(200).Take(Rows))
        {
            var body = new JsonObject();
            foreach (var (name, type) in features)
            {
                var raw = row[table.IndexOf(name)];
                body[name] = raw is null ? null : type == "numeric" ? JsonValue.Create(double.Parse(raw, CultureInfo.InvariantCulture)) : JsonValue.Create(raw);
            }

            var answer = await (await api.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = body })).Content.ReadFromJsonAsync<JsonElement>();
            scored.Add((answer.GetProperty("predictionId").GetGuid(), row[status]!));
        }

        await Eventually.TrueAsync(async () => (await api.GetAsync($"/api/predictions/{scored[^1].Id}")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60), "the prediction log to store the predictions");
        return scored;
    }
}
