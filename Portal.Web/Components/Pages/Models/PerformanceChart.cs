using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;
using ScatterSymbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The Performance tab's chart: one colour per metric (AUC, F1, Brier), one marker and dash per version, label coverage
/// as thin grey bars on a right-hand axis, rates on a fixed 0..1 axis and a time axis that follows the bucket.
/// </summary>
public static class PerformanceChart
{
    public const int Height = 360;

    /// <summary>The colour of each metric, the same for every version so that "AUC" always looks alike.</summary>
    public static IReadOnlyDictionary<string, string> MetricColors { get; } = new Dictionary<string, string>
    {
        ["AUC"] = ChartStyle.Primary,
        ["F1"] = "#00897b",
        ["Brier"] = "#ef6c00",
    };

    public const string CoverageColor = "#9e9e9e";

    private static readonly ScatterSymbol[] Symbols = [ScatterSymbol.Circle, ScatterSymbol.Square, ScatterSymbol.Diamond, ScatterSymbol.TriangleUp, ScatterSymbol.Cross];
    private static readonly string[] Dashes = ["solid", "dash", "dot", "dashdot"];

    public static (IList<ITrace> Data, PlotlyLayout Layout) Build(PerformanceReport report)
    {
        var traces = new List<ITrace>();
        var versions = report.Versions.Where(v => v.Buckets.Count > 0).ToList();
        foreach (var (v, i) in versions.Select((v, i) => (v, i)))
        {
            var x = v.Buckets.Select(b => (object)TimeAxis.Text(b.Start!.Value.UtcDateTime)).ToList();
            var symbol = Symbols[i % Symbols.Length];
            var dash = Dashes[i % Dashes.Length];
            traces.Add(Line($"v{v.Version} AUC", x, v.Buckets.Select(b => b.Auc), MetricColors["AUC"], symbol, dash));
            traces.Add(Line($"v{v.Version} F1", x, v.Buckets.Select(b => b.F1), MetricColors["F1"], symbol, dash));
            traces.Add(Line($"v{v.Version} Brier", x, v.Buckets.Select(b => b.Brier), MetricColors["Brier"], symbol, dash));
            traces.Add(new Bar
            {
                Name = $"v{v.Version} label coverage",
                X = x,
                Y = v.Buckets.Select(b => (object)b.Coverage).ToList(),
                YAxis = "y2",
                // Thin, so that it stays behind the metrics instead of filling the plot (a bar's width is in axis units: ms).
                Width = (decimal)(report.Bucket.TotalMilliseconds * 0.3 / versions.Count),
                Opacity = 0.35m,
                Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = CoverageColor },
                HoverTemplate = $"v{v.Version} label coverage %{{y:.0%}}<extra></extra>",
            });
        }

        var layout = ChartStyle.Layout(Height, "Prediction time (UTC)", "AUC · F1 · Brier");
        TimeAxis.ForBuckets(versions.SelectMany(v => v.Buckets).Select(b => b.Start!.Value), report.Bucket).ApplyTo(layout.XAxis[0]);
        // Tick labels turn sideways on a phone: the axis title moves down instead of being cut off.
        layout.XAxis[0].AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        layout.YAxis[0].Range = [0.0, 1.0];
        layout.YAxis[0].AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False;
        layout.YAxis.Add(new Plotly.Blazor.LayoutLib.YAxis
        {
            Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "label coverage" },
            Overlaying = "y",
            Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
            Range = [0.0, 1.0],
            AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False,
            TickFormat = ".0%",
            ShowGrid = false,
        });
        layout.Margin.R = 60;
        // Room for the axis title under tick labels that turn sideways on a phone.
        layout.Margin.B = 80;
        layout.Margin.T = 10;
        layout.ShowLegend = true;
        // Above the plot, in a row that wraps on a phone instead of squeezing the plot from the right.
        layout.Legend = [ChartStyle.TopLegend()];
        layout.BarMode = Plotly.Blazor.LayoutLib.BarModeEnum.Group;
        return (traces, layout);
    }

    private static Scatter Line(string name, List<object> x, IEnumerable<double?> y, string color, ScatterSymbol symbol, string dash) => new()
    {
        Name = name,
        X = x,
        Y = y.Select(v => (object?)v).ToList()!,
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Dash = dash, Width = 2 },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = color, Symbol = symbol, Size = 9 },
        ConnectGaps = false,
        HoverTemplate = $"{name} %{{y:.3f}}<extra></extra>",
    };
}
