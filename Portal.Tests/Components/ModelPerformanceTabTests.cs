using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelPerformanceTabTests : PortalComponentContext
{
    [Fact]
    public async Task Render_LabelledPredictions_RealizedAucChartAndTable()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        var now = DateTimeOffset.UtcNow;
        var probabilities = new[] { 0.9, 0.2, 0.7, 0.4 };
        var labels = new[] { "bad", "good", "good", "bad" };
        var records = probabilities.Select((p, i) => new PredictionRecord(PredictionIds.Next(now.AddHours(-1 - i)), "credit", 1, null, "{}", p >= 0.5 ? "bad" : "good", p, 1, now.AddHours(-1 - i))).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync(records.Select((r, i) => new LabelRecord(r.Id, labels[i], null, null, now, "t")).ToList());
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));

        // y = [1, 0, 0, 1], p = [0.9, 0.2, 0.7, 0.4]: roc_auc_score = 0.75.
        cut.WaitForAssertion(() => Assert.Equal("0.750", cut.Find("[data-testid=realized-auc-1]").TextContent.Trim()));
        cut.Find("[data-testid=performance-chart]");
        Assert.Contains("100%", cut.Find("[data-testid=performance-table]").TextContent);
    }

    [Fact]
    public async Task Render_OneBucket_MetricsInDistinctColoursWithLegendAndDayAxis()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        // One labelled day: the chart every new model starts with.
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var records = new[] { 0.9, 0.2, 0.7, 0.4 }.Select(p => new PredictionRecord(PredictionIds.Next(at), "credit", 1, null, "{}", p >= 0.5 ? "bad" : "good", p, 1, at)).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync(records.Select((r, i) => new LabelRecord(r.Id, i % 2 == 0 ? "bad" : "good", null, null, at, "t")).ToList());
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));
        cut.WaitForElement("[data-testid=performance-chart]");
        var chart = cut.FindComponent<PlotlyChart>().Instance;

        var lines = chart.Data.OfType<Scatter>().ToList();
        Assert.Equal(["v1 AUC", "v1 F1", "v1 Brier"], lines.Select(l => l.Name));
        Assert.Equal(3, lines.Select(l => l.Line.Color).Distinct().Count());
        Assert.All(lines, l => Assert.True(l.Mode!.Value.HasFlag(Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers)));
        var coverage = Assert.Single(chart.Data.OfType<Bar>());
        Assert.Equal("v1 label coverage", coverage.Name);
        Assert.Equal("y2", coverage.YAxis);
        Assert.True(chart.Layout.ShowLegend);
        Assert.NotEmpty(chart.Layout.Legend);
        Assert.Equal([0.0, 1.0], chart.Layout.YAxis[0].Range);
        // A day bucket reads as dates on an axis a few days wide, not as milliseconds around midnight.
        var x = chart.Layout.XAxis[0];
        Assert.Equal("%b %d", x.TickFormat);
        Assert.Equal(86_400_000L, x.DTick);
        Assert.Equal(TimeSpan.FromDays(5), DateTime.Parse((string)x.Range[1]) - DateTime.Parse((string)x.Range[0]));
    }

    [Fact]
    public async Task Render_TwoVersions_VersionsToldApartByMarker()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        await RegisterVersionAsync("credit", CreditSchema());
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var records = Enumerable.Range(0, 8).Select(i => new PredictionRecord(PredictionIds.Next(at), "credit", 1 + i % 2, null, "{}", "bad", 0.1 * (i + 1), 1, at)).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync(records.Select((r, i) => new LabelRecord(r.Id, i < 4 ? "good" : "bad", null, null, at, "t")).ToList());
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));
        cut.WaitForElement("[data-testid=performance-chart]");
        var lines = cut.FindComponent<PlotlyChart>().Instance.Data.OfType<Scatter>().ToList();

        var auc = lines.Where(l => l.Name!.EndsWith(" AUC")).ToList();
        Assert.Equal(2, auc.Count);
        Assert.Equal(auc[0].Line.Color, auc[1].Line.Color);
        Assert.NotEqual(auc[0].Marker.Symbol, auc[1].Marker.Symbol);
        Assert.NotEqual(auc[0].Line.Dash, auc[1].Line.Dash);
    }

    [Fact]
    public async Task Render_NoLabels_EmptyState()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        SignIn(Roles.Viewer, "viewer");
        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));
        cut.WaitForElement("[data-testid=performance-empty]");
    }
}
