using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Rollouts;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;
using ScatterSymbol = Plotly.Blazor.Traces.ScatterLib.MarkerLib.SymbolEnum;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The Rollouts tab's per-arm evidence over time, from the kept looks: realized accuracy (solid) and predicted-positive
/// rate (dotted) of the champion and the candidate (or shadow), in the split bar's colours, on a fixed 0..100 % axis; a
/// canary's step changes are dashed vertical lines labelled with the new share. Four series for every kind.
/// </summary>
public static class RolloutEvidenceChart
{
    public const int Height = 300;

    public const string ChampionColor = ChartStyle.Secondary;
    public const string CandidateColor = ChartStyle.Primary;

    public static (IList<ITrace> Data, PlotlyLayout Layout) Build(Rollout rollout, IReadOnlyList<RolloutLook> looks)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(looks);
        var x = looks.Select(l => (object)TimeAxis.Text(l.At.UtcDateTime)).ToList();
        // Short names: two legend entries fit a row on a phone (the table above says which version is which arm).
        var champion = $"v{rollout.ChampionVersion}";
        var candidate = $"v{rollout.CandidateVersion}";
        var traces = new List<ITrace>
        {
            Line($"{champion} accuracy", x, looks.Select(l => l.Champion.Accuracy), ChampionColor, "solid", ScatterSymbol.Circle),
            Line($"{candidate} accuracy", x, looks.Select(l => l.Candidate.Accuracy), CandidateColor, "solid", ScatterSymbol.Square),
            Line($"{champion} predicted +", x, looks.Select(l => l.Champion.PredictedPositiveRate), ChampionColor, "dot", ScatterSymbol.CircleOpen),
            Line($"{candidate} predicted +", x, looks.Select(l => l.Candidate.PredictedPositiveRate), CandidateColor, "dot", ScatterSymbol.SquareOpen),
        };

        var layout = ChartStyle.Layout(Height, null, "accuracy · predicted positive");
        TimeAxis.ForMoments(looks.Select(l => l.At)).ApplyTo(layout.XAxis[0]);
        layout.XAxis[0].AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        layout.YAxis[0].Range = [0.0, 1.05];
        layout.YAxis[0].AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False;
        layout.YAxis[0].TickFormat = ".0%";
        layout.Margin.T = 10;
        layout.ShowLegend = true;
        layout.Legend = [ChartStyle.TopLegend()];
        if (rollout.Kind == RolloutKind.Canary) MarkSteps(layout, looks);
        return (traces, layout);
    }

    /// <summary>Where the canary's share changed: a dashed line at the first look of the new step, with the share it moved to.</summary>
    public static IReadOnlyList<RolloutLook> StepChanges(IReadOnlyList<RolloutLook> looks) =>
        looks.Where((l, i) => i > 0 && l.Step != looks[i - 1].Step).ToList();

    private static void MarkSteps(PlotlyLayout layout, IReadOnlyList<RolloutLook> looks)
    {
        var changes = StepChanges(looks);
        if (changes.Count == 0) return;
        layout.Shapes = changes.Select(l => new Plotly.Blazor.LayoutLib.Shape
        {
            Type = Plotly.Blazor.LayoutLib.ShapeLib.TypeEnum.Line,
            XRef = "x",
            YRef = "paper",
            X0 = TimeAxis.Text(l.At.UtcDateTime),
            X1 = TimeAxis.Text(l.At.UtcDateTime),
            Y0 = 0,
            Y1 = 1,
            Line = new Plotly.Blazor.LayoutLib.ShapeLib.Line { Color = ChartStyle.Muted, Dash = "dash", Width = 1 },
        }).ToList();
        layout.Annotations = changes.Select(l => new Plotly.Blazor.LayoutLib.Annotation
        {
            X = TimeAxis.Text(l.At.UtcDateTime),
            Y = 1,
            XRef = "x",
            YRef = "paper",
            Text = $"{(l.CandidateBasisPoints / 100.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%",
            ShowArrow = false,
            XAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.XAnchorEnum.Left,
            YAnchor = Plotly.Blazor.LayoutLib.AnnotationLib.YAnchorEnum.Top,
            Font = new Plotly.Blazor.LayoutLib.AnnotationLib.Font { Color = "#888888", Size = 11 },
        }).ToList();
    }

    private static Scatter Line(string name, List<object> x, IEnumerable<double?> y, string color, string dash, ScatterSymbol symbol) => new()
    {
        Name = name,
        X = x,
        Y = y.Select(v => (object?)v).ToList()!,
        Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines | Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers,
        Line = new Plotly.Blazor.Traces.ScatterLib.Line { Color = color, Dash = dash, Width = 2 },
        Marker = new Plotly.Blazor.Traces.ScatterLib.Marker { Color = color, Symbol = symbol, Size = 7 },
        ConnectGaps = false,
        HoverTemplate = $"{name} %{{y:.1%}}<extra></extra>",
    };
}
