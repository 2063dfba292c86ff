using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The Drift tab's "drift share over time": one marker per run, coloured by its status (with a legend entry per status),
/// the share on a fixed 0..100 % axis and a time axis in hours or days that stays readable with a single run.
/// </summary>
public static class DriftHistoryChart
{
    public const int Height = 240;

    public static IReadOnlyDictionary<string, string> StatusColors { get; } = new Dictionary<string, string>
    {
        [DriftStatuses.Ok] = "#2e7d32",
        [DriftStatuses.Warning] = "#ef6c00",
        [DriftStatuses.Critical] = "#d32f2f",
    };

    public static (IList<ITrace> Data, PlotlyLayout Layout) Build(IReadOnlyList<DriftRun> history)
    {
        var runs = history.OrderBy(r => r.At).ToList();
        var traces = new List<ITrace>
        {
            // The line joins the runs; the markers on top say each run's status.
            new Scatter
            {
                Name = "drift share",
                X = runs.Select(r => (object)TimeAxis.Text(r.At.UtcDateTime)).ToList(),
                Y = runs.Select(r => (object)r.DriftShare).ToList(),
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = ChartStyle.Primary, Width = 2 },
                HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
            },
        };
        foreach (var (status, color) in StatusColors)
        {
            var these = runs.Where(r => r.Status == status).ToList();
            if (these.Count == 0) continue;
            traces.Add(new Scatter
            {
                Name = status,
                X = these.Select(r => (object)TimeAxis.Text(r.At.UtcDateTime)).ToList(),
                Y = these.Select(r => (object)r.DriftShare).ToList(),
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = color, Size = 10, Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 1 } },
                HoverTemplate = $"%{{x}}: drift share %{{y:.0%}} ({status})<extra></extra>",
            });
        }

        var layout = ChartStyle.Layout(Height, null, "drifted features");
        TimeAxis.ForPoints(runs.Select(r => r.At)).ApplyTo(layout.XAxis[0]);
        layout.YAxis[0].TickFormat = ".0%";
        layout.YAxis[0].Range = [0.0, 1.0];
        layout.YAxis[0].AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False;
        layout.Margin.T = 10;
        layout.ShowLegend = true;
        layout.Legend = [ChartStyle.TopLegend()];
        return (traces, layout);
    }
}
