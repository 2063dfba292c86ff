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
                // Tabs are picked at desktop width (the phone's tab strip is another item of the issue), then the window narrows.
                await page.SetViewportSizeAsync(1440, 900);
                // The tab's own address, as a link or a reload opens it.
                await page.GotoAsync($"/models/{Model}/{tab["tab-".Length..]}");
                await Expect(page.GetByTestId("train-button")).ToBeEnabledAsync();
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

    private static async Task SeedDriftRunAsync(IServiceProvider stores, DateTimeOffset at, double share)
    {
        var drifted = (int)Math.Round(share * 10);
        var features = Enumerable.Range(0, 10).Select(i => new FeatureDrift($"Feature{i}", FeatureTypes.Numeric, Portal.Core.Drift.DriftTests.Wasserstein, i < drifted ? 0.5 : 0.01, null, 0.1, i < drifted, 0.01, 0.1)).ToList();
        var histograms = features.Select(f => new FeatureHistogram(f.Name, FeatureTypes.Numeric, ["0–10", "10–20"], [0, 10, 20], [0.5, 0.5], [0.4, 0.6])).ToList();
        var summary = DatasetDrift.From(features);
        await stores.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, Model, 1, at, at.AddHours(-24), at, 300, 800,
            summary.DriftShare, summary.DatasetDriftDetected, summary.Status, summary.DriftScore, DriftTriggers.Manual, new DriftReport(features, histograms)));
    }
}
