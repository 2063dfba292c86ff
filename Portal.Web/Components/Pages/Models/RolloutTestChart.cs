using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Rollouts;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The Rollouts tab's test over time, from the kept looks: the statistic's p-value on a log axis (A/B and canary: the
/// mSPRT's always-valid p-value, the running minimum; shadow: McNemar's p-value), the alpha it is judged at as a dashed
/// line with the region below it shaded and labelled (where the test says the versions differ), and the current point
/// enlarged. Shadow adds the disagreement rate on a right-hand axis. A/B and canary: four series; shadow: five.
/// </summary>
public static class RolloutTestChart
{
    public const int Height = 300;

    public const string StatisticColor = "#00897b";
    public const string BoundaryColor = "#d32f2f";
    public const string RegionColor = "rgba(211,47,47,0.10)";
    public const string DisagreementColor = "#ef6c00";

    /// <summary>The lowest the log axis goes, so that a p-value of 0 (shown as this) still has a place.</summary>
    public const double Floor = 1e-12;

    public static (IList<ITrace> Data, PlotlyLayout Layout) Build(Rollout rollout, IReadOnlyList<RolloutLook> looks)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(looks);
        var shadow = rollout.Kind == RolloutKind.Shadow;
        var alpha = looks.Count > 0 ? looks[^1].Alpha : shadow ? RolloutDefaults.PairedAlpha : RolloutDefaults.SequentialAlpha;
        var p = looks.Select(l => shadow ? l.McNemarPValue : l.PValue).Select(v => v is { } value ? Math.Max(value, Floor) : (double?)null).ToList();
        var axis = TimeAxis.ForMoments(looks.Select(l => l.At));
        var bottom = Bottom(alpha, p);
        var ends = new List<object> { TimeAxis.Text(axis.From), TimeAxis.Text(axis.To) };
        var statistic = shadow ? "McNemar p" : "always-valid p";
        var differ = shadow ? "versions differ" : "candidate differs";
        var x = looks.Select(l => (object)TimeAxis.Text(l.At.UtcDateTime)).ToList();

        var traces = new List<ITrace>
        {
            // The region's lower edge, invisible: the boundary's fill reaches down to it (a log axis has no zero to fill to).
            new Scatter
            {
                Name = "floor",
                X = ends,
                Y = [bottom, bottom],
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = "rgba(0,0,0,0)", Width = 0 },
                ShowLegend = false,
                HoverInfo = Plotly.Blazor.Traces.ScatterLib.HoverInfoFlag.Skip,
            },
            new Scatter
            {
                Name = $"alpha {alpha.ToString("0.###", CultureInfo.InvariantCulture)}",
                X = ends,
                Y = [alpha, alpha],
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = BoundaryColor, Dash = "dash", Width = 1.5m },
                Fill = Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY,
                FillColor = RegionColor,
                HoverTemplate = $"alpha {alpha.ToString("0.###", CultureInfo.InvariantCulture)}: below it, {differ}<extra></extra>",
            },
            new Scatter
            {
                Name = statistic,
                X = x,
                Y = p.Select(v => (object?)v).ToList()!,
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = StatisticColor, Width = 2, Shape = Plotly.Blazor.Traces.ScatterLib.LineLib.ShapeEnum.Hv },
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = StatisticColor, Size = 6 },
                ConnectGaps = false,
                HoverTemplate = $"{statistic} %{{y:.3g}}<extra></extra>",
            },
        };
        var current = Enumerable.Range(0, looks.Count).LastOrDefault(i => p[i] is not null, -1);
        traces.Add(new Scatter
        {
            Name = current < 0 ? "now: no p yet" : $"now: {RolloutDisplay.P(p[current]!.Value)}",
            X = current < 0 ? [] : [x[current]],
            Y = current < 0 ? [] : [p[current]!.Value],
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
            Marker = new Plotly.Blazor.Traces.ScatterLib.Marker
            {
                Color = StatisticColor, Size = 14, Symbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum.Diamond,
                Line = new Plotly.Blazor.Traces.ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 1.5m },
            },
            HoverTemplate = $"now: {statistic} %{{y:.3g}}<extra></extra>",
        });
        if (shadow)
        {
            traces.Add(new Scatter
            {
                Name = "disagreement",
                X = x,
                Y = looks.Select(l => (object?)l.DisagreementRate).ToList()!,
                YAxis = "y2",
                Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
                Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = DisagreementColor, Width = 2, Dash = "dot" },
                Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = DisagreementColor, Size = 6 },
                ConnectGaps = false,
                HoverTemplate = "disagreement %{y:.1%}<extra></extra>",
            });
        }

        var layout = ChartStyle.Layout(Height, null, "p-value (log)");
        axis.ApplyTo(layout.XAxis[0]);
        layout.XAxis[0].AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        layout.YAxis[0].Type = Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log;
        // A log axis's range is in powers of ten: from below the region to a little above p = 1.
        layout.YAxis[0].Range = [Math.Log10(bottom), 0.15];
        layout.YAxis[0].AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False;
        layout.YAxis[0].ExponentFormat = Plotly.Blazor.LayoutLib.YAxisLib.ExponentFormatEnum.Power;
        layout.Margin.T = 10;
        if (shadow)
        {
            layout.YAxis.Add(new Plotly.Blazor.LayoutLib.YAxis
            {
                Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = "disagreement" },
                Overlaying = "y",
                Side = Plotly.Blazor.LayoutLib.YAxisLib.SideEnum.Right,
                Range = [0.0, Math.Max(0.1, looks.Max(l => l.DisagreementRate ?? 0) * 1.25)],
                AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False,
                TickFormat = ".0%",
                ShowGrid = false,
            });
            layout.Margin.R = 60;
        }

        layout.Annotations =
        [
            new Plotly.Blazor.LayoutLib.Annotation
            {
                // On a log axis an annotation's y is the power of ten: just under the boundary, at the left.
                X = 0.01,
                XRef = "paper",
                Y = Math.Log10(alpha),
                YRef = "y",
                YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Top,
                XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left,
                Text = $"below alpha: {differ}",
                ShowArrow = false,
                Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = BoundaryColor, Size = 11 },
            },
        ];
        layout.ShowLegend = true;
        layout.Legend = [ChartStyle.TopLegend()];
        return (traces, layout);
    }

    /// <summary>The bottom of the log axis: two powers of ten below alpha, or below the smallest p-value, whichever is lower.</summary>
    public static double Bottom(double alpha, IEnumerable<double?> pValues)
    {
        var lowest = pValues.Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(1).Min();
        var power = Math.Floor(Math.Log10(Math.Min(alpha, lowest))) - 1;
        return Math.Max(Floor, Math.Pow(10, power));
    }
}
