using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelDriftTabTests : PortalComponentContext
{
    private async Task StoreRunAsync(string model)
    {
        var features = new List<FeatureDrift>
        {
            new("Income", FeatureTypes.Numeric, DriftTests.Wasserstein, 0.9, null, 0.1, true, 2.5, 3.2),
            new("Home", FeatureTypes.Categorical, DriftTests.JensenShannon, 0.01, null, 0.1, false, 0.001, null),
        };
        var histograms = new List<FeatureHistogram>
        {
            new("Income", FeatureTypes.Numeric, ["0–10", "10–20"], [0, 10, 20], [0.7, 0.3], [0.1, 0.9]),
            new("Home", FeatureTypes.Categorical, ["rent", "owner"], null, [0.5, 0.5], [0.5, 0.5]),
        };
        var summary = DatasetDrift.From(features);
        var now = DateTimeOffset.UtcNow;
        await Services.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, model, 1, now, now.AddHours(-24), now, 250, 4454,
            summary.DriftShare, summary.DatasetDriftDetected, summary.Status, summary.DriftScore, DriftTriggers.Manual, new DriftReport(features, histograms)));
    }

    [Fact]
    public async Task Render_StoredRun_ShowsStatusRowsAndCharts()
    {
        SignIn(Roles.Viewer);
        await StoreRunAsync("credit-drift");
        Render<MudPopoverProvider>();

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "credit-drift"));

        cut.WaitForAssertion(() => Assert.Equal("critical", cut.Find("[data-testid=drift-status]").GetAttribute("data-status")));
        Assert.Equal("true", cut.Find("[data-testid=drift-row-Income]").GetAttribute("data-drifted"));
        Assert.Equal("false", cut.Find("[data-testid=drift-row-Home]").GetAttribute("data-drifted"));
        Assert.Equal("Income", cut.Find("[data-testid=drift-histogram]").GetAttribute("data-feature"));
        Assert.NotNull(cut.Find("[data-testid=drift-history-chart]"));
        Assert.Equal("download/models/credit-drift/drift/report.html", cut.Find("[data-testid=drift-report-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_OneRun_HistoryHasStatusLegendAndHourAxis()
    {
        SignIn(Roles.Viewer);
        await StoreRunAsync("credit-history");

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "credit-history"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=drift-history-chart]")));
        var chart = cut.FindComponents<Plotly.Blazor.PlotlyChart>()
            .Single(c => c.Instance.Data.OfType<Plotly.Blazor.Traces.Scatter>().Any(t => t.Name == "drift share")).Instance;

        var critical = chart.Data.OfType<Plotly.Blazor.Traces.Scatter>().Single(t => t.Name == DriftStatuses.Critical);
        Assert.Equal(DriftHistoryChart.StatusColors[DriftStatuses.Critical], critical.Marker.Color);
        Assert.True(chart.Layout.ShowLegend);
        Assert.Equal([0.0, 1.0], chart.Layout.YAxis[0].Range);
        // One run: an axis a few hours wide with hour ticks, not a millisecond around the run.
        Assert.Equal(3_600_000L, chart.Layout.XAxis[0].DTick);
        Assert.Equal(TimeSpan.FromHours(5), DateTime.Parse((string)chart.Layout.XAxis[0].Range[1]) - DateTime.Parse((string)chart.Layout.XAxis[0].Range[0]));
    }

    [Fact]
    public async Task Render_OutlierRun_NamesTheUnderflowBinAndTheReferenceRows()
    {
        SignIn(Roles.Viewer);
        var glucose = ReferenceProfile.Numeric("glucose", Enumerable.Range(0, 200).Select(i => (double)i).ToArray());
        var histogram = DriftHistograms.Numeric(glucose, ReferenceProfile.SortFinite([-500, 10, 50, 150]));
        var features = new List<FeatureDrift> { new("glucose", FeatureTypes.Numeric, DriftTests.Wasserstein, 0.01, null, 0.1, false, 0, 0) };
        var summary = DatasetDrift.From(features);
        var now = DateTimeOffset.UtcNow;
        await Services.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, "diabetes-drift", 1, now, now.AddHours(-24), now, 4, 768,
            summary.DriftShare, summary.DatasetDriftDetected, summary.Status, summary.DriftScore, DriftTriggers.Manual, new DriftReport(features, [histogram])));

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "diabetes-drift"));

        cut.WaitForAssertion(() => Assert.Contains("\"< 0\" (25% of current rows)", cut.Find("[data-testid=drift-out-of-range]").TextContent));
        Assert.Equal("768 reference rows (the whole training dataset)", cut.Find("[data-testid=drift-reference-rows]").TextContent);
    }

    [Fact]
    public async Task Render_Viewer_HasNoRunButton()
    {
        SignIn(Roles.Viewer);
        await StoreRunAsync("credit-viewer");

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "credit-viewer"));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=drift-table]")));
        Assert.Empty(cut.FindAll("[data-testid=drift-run]"));
    }

    [Fact]
    public void RunClick_NoModel_ShowsMessageAndStoresNothing()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "drift-nothing"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=drift-empty]")));
        cut.Find("button[data-testid=drift-run]").Click();

        cut.WaitForAssertion(() => Assert.Contains("does not exist", cut.Find("[data-testid=drift-message]").TextContent));
    }

    [Fact]
    public async Task RowClick_OtherFeature_SwitchesHistogram()
    {
        SignIn(Roles.Viewer);
        await StoreRunAsync("credit-click");

        var cut = Render<ModelDriftTab>(p => p.Add(x => x.Model, "credit-click"));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=drift-row-Home]")));
        cut.Find("[data-testid=drift-row-Home]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Home", cut.Find("[data-testid=drift-histogram]").GetAttribute("data-feature")));
    }
}
