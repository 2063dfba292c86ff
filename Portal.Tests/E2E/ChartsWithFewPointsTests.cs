using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Core.Predictions;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Serving;
using Portal.Tests.Hosting;
using Portal.Web.Extensions;
using static Microsoft.Playwright.Assertions;

namespace Portal.Tests.E2E;

/// <summary>
/// The Performance and drift-history charts as a new model sees them (one day of labels, one drift run) and after a few
/// weeks: screenshots in light and dark, desktop and phone, and a check that the axis reads as dates, not milliseconds.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ChartsWithFewPointsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Model = "credit-risk";

    [Fact]
    public async Task PerformanceAndDriftHistory_OneBucketThenWeeks_ReadableAxesAndLegends()
    {
        await using var stores = SeededStores();
        var now = DateTimeOffset.UtcNow;
        // Half-way through today (UTC): one day bucket whatever the time of day.
        var today = RealizedPerformance.BucketStart(now, RealizedPerformance.Day);
        await SeedDayAsync(stores, today + (now - today) / 2, 60, 0.8, seed: 1);
        await SeedDriftRunAsync(stores, now.AddMinutes(-20), 0.25);

        var page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await ShootTabsAsync(page, "one-bucket");

        // One day of labels: the axis says the date, not "23:59:59.9996".
        await page.GetByTestId("tab-performance").ClickAsync();
        var ticks = page.GetByTestId("performance-chart").Locator(".xtick text");
        await Expect(ticks.First).ToBeVisibleAsync();
        var labels = await ticks.AllTextContentsAsync();
        Assert.Contains(today.ToString("MMM dd", System.Globalization.CultureInfo.InvariantCulture), labels);
        Assert.DoesNotContain(labels, l => l.Contains(':'));
        // Three metrics and the coverage, each with its own legend entry.
        Assert.Equal(4, await page.GetByTestId("performance-chart").Locator(".legend .traces").CountAsync());

        // A few weeks later: a day bucket per day, and a drift run twice a day.
        for (var d = 1; d <= 20; d++)
            await SeedDayAsync(stores, today.AddDays(-d).AddHours(12), 40 + d, 0.4 + 0.025 * d, seed: 1 + d);
        for (var r = 1; r <= 20; r++)
            await SeedDriftRunAsync(stores, now.AddHours(-12 * r), r % 7 == 0 ? 0.6 : r % 3 == 0 ? 0.3 : 0.1 * (r % 2));
        page = await browser.SignedInPageAsync();
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        await ShootTabsAsync(page, "weeks");

        lock (browser.SecurityViolations) Assert.True(browser.SecurityViolations.Count == 0, string.Join("\n", browser.SecurityViolations));
    }

    [Fact]
    public async Task ChartTabs_ClickedRoundAndRound_PlotEveryTime()
    {
        await using var stores = SeededStores();
        var now = DateTimeOffset.UtcNow;
        var today = RealizedPerformance.BucketStart(now, RealizedPerformance.Day);
        await SeedDayAsync(stores, today + (now - today) / 2, 60, 0.8, seed: 100);
        await SeedDriftRunAsync(stores, now.AddMinutes(-5), 0.25);

        var page = await browser.SignedInPageAsync();
        // plotly.js is held back until a tab click has replaced the Versions tab's charts, whose first draws were queued
        // for it, by the Performance chart: the removed charts must not keep the Performance chart from being drawn.
        var plotlyScript = new TaskCompletionSource();
        await page.RouteAsync("**/plotly-*.min.js", async route =>
        {
            await plotlyScript.Task;
            await route.ContinueAsync();
        });
        // Plotly.Blazor looks its chart and script elements up by id: the ids looked up say how far its charts have got.
        await page.AddInitScriptAsync("""
            const byId = document.getElementById.bind(document);
            window.__idsLookedUp = [];
            document.getElementById = id => { window.__idsLookedUp.push(id); return byId(id); };
            """);
        await page.GotoAsync($"/models/{Model}");
        await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
        // The precision-recall chart's first draw is queued for plotly.js (its id looked up), or the chart waits for
        // plotly.js before drawing (the script element looked up by each chart's loader and each chart's wait: 4 times).
        await page.WaitForFunctionAsync("""
            () => {
              const chart = document.querySelector('[data-testid=pr-chart] [id^=PlotlyChart]');
              const ids = window.__idsLookedUp;
              return chart && (ids.includes(chart.id) || ids.filter(id => id === 'plotly-import').length >= 4);
            }
            """);
        await page.GetByTestId("tab-performance").ClickAsync();
        await Expect(page.GetByTestId("performance-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("performance-chart").Locator("[id^=PlotlyChart]")).ToHaveCountAsync(1);
        plotlyScript.SetResult();
        await Expect(page.GetByTestId("performance-chart").Locator("svg.main-svg").First).ToBeVisibleAsync();

        // A tab click moves the URL, re-renders the page and swaps the panel while the new panel's chart is being drawn:
        // every round, every chart of the visible panel must be plotted (a chart left without its svg was the bug).
        for (var round = 1; round <= 4; round++)
        {
            foreach (var (tab, chart) in new[] { ("versions", "roc-chart"), ("performance", "performance-chart"), ("drift", "drift-history-chart"), ("performance", "performance-chart") })
            {
                await page.GetByTestId($"tab-{tab}").ClickAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(tab == "versions" ? $"/models/{Model}$" : $"/models/{Model}/{tab}$"));
                var panel = page.Locator("[role=tabpanel]");
                await Expect(panel.GetByTestId(chart).Locator("svg.main-svg").First).ToBeVisibleAsync();
            }
        }
    }

    [Fact]
    public async Task ModelTabsAndDriftHistogram_PhoneAndDesktop_EveryTabLabelAndBinLabelInSight()
    {
        await using var stores = SeededStores();
        await SeedDriftRunAsync(stores, DateTimeOffset.UtcNow.AddMinutes(-2), 0.4, LongBins);

        var page = await browser.SignedInPageAsync();
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (390, 844), (1440, 900) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync($"/models/{Model}/drift");
                await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
                var histogram = page.GetByTestId("drift-histogram");
                await Expect(histogram.Locator("svg.main-svg").First).ToBeVisibleAsync();
                // A narrow plot labels fewer bins (Plotly skips some), a wide one all of them.
                await Expect(histogram.Locator(".xtick text").First).ToBeVisibleAsync();
                if (width >= 1440) await Expect(histogram.Locator(".xtick text")).ToHaveCountAsync(LongBins.Length);

                // Every tab's whole label is inside the window and the strip: a user sees all the tabs there are.
                var hidden = await page.EvaluateAsync<string[]>("""
                    () => {
                      const bar = document.querySelector('[data-testid=model-tabs] .mud-tabs-tabbar') ?? document.querySelector('.mud-tabs-tabbar');
                      const strip = bar.getBoundingClientRect();
                      return [...bar.querySelectorAll('.mud-tab')].filter(tab => {
                        const r = tab.getBoundingClientRect();
                        const label = tab.querySelector('span') ?? tab;
                        const l = label.getBoundingClientRect();
                        return r.width === 0 || l.left < Math.max(0, strip.left) - 0.5 || l.right > Math.min(window.innerWidth, strip.right) + 0.5 || label.scrollWidth > label.clientWidth + 1;
                      }).map(tab => tab.innerText.trim());
                    }
                    """);
                Assert.True(hidden.Length == 0, $"at {width} px these tabs are not in sight: {string.Join(", ", hidden)}");
                Assert.Equal(Portal.Web.Components.Pages.Models.ModelTabs.All.Count, await page.Locator(".mud-tab").CountAsync());

                // Every bin label of the histogram, however it is turned, lies inside the chart's box.
                var cut = await page.EvaluateAsync<string[]>("""
                    () => {
                      const box = document.querySelector('[data-testid=drift-histogram]').getBoundingClientRect();
                      return [...document.querySelectorAll('[data-testid=drift-histogram] .xtick text')].filter(t => {
                        const r = t.getBoundingClientRect();
                        return r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5;
                      }).map(t => t.textContent);
                    }
                    """);
                Assert.True(cut.Length == 0, $"at {width} px these bin labels are cut: {string.Join(", ", cut)}");

                await page.EvaluateAsync("() => window.scrollTo(0, 0)");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"model-tabs-{theme}-{width}.png") });
                await histogram.ScrollIntoViewIfNeededAsync();
                await histogram.ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"drift-histogram-{theme}-{width}.png") });
            }
        }
    }

    /// <summary>Bin labels as long as a numeric feature's (values in the hundreds, both overflow bins).</summary>
    private static readonly string[] LongBins =
        ["< 44.1", "44.1–59.6", "59.6–75.1", "75.1–90.6", "90.6–106.1", "106.1–121.6", "121.6–137.1", "137.1–152.6", "152.6–168.1", "168.1–183.6", "183.6–199.1", "≥ 199.1"];

    [Fact]
    public async Task Dashboard_ServingAndUnpromotedModels_HealthChipsInLightAndDark()
    {
        await using var stores = SeededStores();
        // A model with a long name and no champion beside the demo model that serves.
        const string unpromoted = "customer-churn-propensity-for-the-retail-banking-segment";
        var schema = new Portal.Core.Training.FeatureSchema([new Portal.Core.Training.FeatureSpec("Seniority", Portal.Core.Datasets.ColumnType.Numeric)]);
        var evaluation = new Portal.Core.Training.Evaluation(new Portal.Core.Training.ModelMetrics(0.8, 0.6, 0.8, 0.7, 0.5, 0.15, 0.45, 200, 800),
            [new Portal.Core.Training.RocPoint(0, 0, 1), new Portal.Core.Training.RocPoint(1, 1, 0)], new Portal.Core.Training.ConfusionMatrix(35, 15, 125, 25));
        await stores.GetRequiredService<Portal.Core.Registry.IModelRegistry>().AddVersionAsync(
            new Portal.Core.Registry.NewModelVersion(unpromoted, "e2e", Portal.Core.Training.TrainerKind.FastTree,
                Portal.Core.Training.TrainerCatalog.Resolve(Portal.Core.Training.TrainerKind.FastTree, null), null, null, "Status", "bad", "good", schema, evaluation, null),
            (version, _) => Task.FromResult(new Portal.Core.Registry.StoredArtefact($"{unpromoted}/v{version}.zip", new string('0', 64))));

        var page = await browser.SignedInPageAsync();
        foreach (var theme in new[] { "light", "dark" })
        {
            await page.Context.AddCookiesAsync([new Cookie { Name = "portal-theme", Value = theme, Url = browser.Portal.BaseUrl }]);
            foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.GotoAsync("/");
                await Expect(page.GetByTestId($"model-card-{Model}").GetByTestId("card-health")).ToHaveAttributeAsync("data-health", ModelHealth.Ok);
                await Expect(page.GetByTestId($"model-card-{unpromoted}").GetByTestId("card-health")).ToHaveAttributeAsync("data-health", ModelHealth.NoModel);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot($"dashboard-health-{theme}-{width}.png"), FullPage = true });
            }
        }
    }

    /// <summary>
    /// Clicks a model-page tab until the address says it is open: under CI load a click once landed while the panel
    /// (its charts still drawing after a theme change) re-rendered, and the page stayed on the previous tab.
    /// </summary>
    private static async Task ClickTabAsync(IPage page, string tab)
    {
        var opened = new System.Text.RegularExpressions.Regex($"/{tab["tab-".Length..]}$");
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByTestId(tab).ClickAsync();
            try
            {
                await Expect(page).ToHaveURLAsync(opened, new() { Timeout = 10_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task ShootTabsAsync(IPage page, string name)
    {
        foreach (var dark in new[] { false, true })
        {
            var theme = dark ? "dark" : "light";
            await page.SetViewportSizeAsync(1440, 900);
            if (dark)
            {
                // The app bar's toggle: the charts stay and the page around them turns dark.
                await page.GetByTestId("theme-toggle").ClickAsync();
                await page.WaitForFunctionAsync("() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (r + g + b) / 3 < 128; }");
                await page.WaitForFunctionAsync("() => document.cookie.split('; ').includes('portal-theme=dark')");
            }

            foreach (var (tab, chart) in new[] { ("tab-performance", "performance-chart"), ("tab-drift", "drift-history-chart") })
            {
                // Tabs are clicked at desktop width, then the window narrows.
                await page.SetViewportSizeAsync(1440, 900);
                await ClickTabAsync(page, tab);
                foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
                {
                    await page.SetViewportSizeAsync(width, height);
                    var box = page.GetByTestId(chart);
                    await Expect(box.Locator("svg.main-svg").First).ToBeVisibleAsync();
                    await Expect(box.Locator(".legend")).ToBeVisibleAsync();
                    // Plotly follows the window's resize on its own schedule: wait until the plot fits the new width.
                    await page.WaitForFunctionAsync(
                        "([id, w]) => { const s = document.querySelector(`[data-testid=${id}] svg.main-svg`); return s && s.getBoundingClientRect().width <= w; }",
                        new object[] { chart, width });
                    await box.ScrollIntoViewIfNeededAsync();
                    await box.ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot($"chart-{chart}-{name}-{theme}-{width}.png") });
                }
            }
        }

        await page.SetViewportSizeAsync(1440, 900);
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.ArtifactsDir, name);

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

    /// <summary>A day of predictions of v1 near <paramref name="at"/>, <paramref name="coverage"/> of them labelled, the scores informative but noisy.</summary>
    private static async Task SeedDayAsync(IServiceProvider stores, DateTimeOffset at, int count, double coverage, int seed)
    {
        var random = new Random(seed);
        var records = new List<PredictionRecord>();
        var labels = new List<LabelRecord>();
        for (var i = 0; i < count; i++)
        {
            var time = at.AddSeconds(i);
            var bad = random.NextDouble() < 0.3;
            var probability = Math.Clamp((bad ? 0.62 : 0.35) + (random.NextDouble() - 0.5) * 0.6, 0.01, 0.99);
            var record = new PredictionRecord(PredictionIds.Next(time), Model, 1, "champion", "{\"Seniority\":5}", probability >= 0.5 ? "bad" : "good", probability, 1, time);
            records.Add(record);
            if (i < count * coverage) labels.Add(new LabelRecord(record.Id, bad ? "bad" : "good", time, "e2e", time, "e2e"));
        }

        await stores.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await stores.GetRequiredService<ILabelStore>().UpsertAsync(labels);
    }

    private static async Task SeedDriftRunAsync(IServiceProvider stores, DateTimeOffset at, double share, string[]? bins = null)
    {
        bins ??= ["0–10", "10–20"];
        var shares = bins.Select((_, i) => (i + 1.0) / (bins.Length * (bins.Length + 1) / 2.0)).ToList();
        var drifted = (int)Math.Round(share * 10);
        var features = Enumerable.Range(0, 10).Select(i => new FeatureDrift($"Feature{i}", FeatureTypes.Numeric, Portal.Core.Drift.DriftTests.Wasserstein, i < drifted ? 0.5 : 0.01, null, 0.1, i < drifted, 0.01, 0.1)).ToList();
        var histograms = features.Select(f => new FeatureHistogram(f.Name, FeatureTypes.Numeric, bins, null, shares, [.. shares.AsEnumerable().Reverse()])).ToList();
        var summary = DatasetDrift.From(features);
        await stores.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, Model, 1, at, at.AddHours(-24), at, 300, 800,
            summary.DriftShare, summary.DatasetDriftDetected, summary.Status, summary.DriftScore, DriftTriggers.Manual, new DriftReport(features, histograms)));
    }
}
