using System.Globalization;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Performance;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;
using ScatterLib = Plotly.Blazor.Traces.ScatterLib;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// One chart per metric on the Performance tab: per version, the performance estimated without labels (CBPE) as a line
/// with its band shaded between lower and upper, and the realized metric of the labelled predictions as points on the
/// same time axis (buckets as the realized chart has them).
/// </summary>
public static class EstimatedPerformanceChart
{
    public const int Height = 280;

    /// <summary>The metrics charted, in order: AUC, F1, precision, recall, accuracy.</summary>
    public static IReadOnlyList<string> Metrics { get; } = ["AUC", "F1", "precision", "recall", "accuracy"];

    /// <summary>What the band is, as <see cref="EstimatedMetric"/> defines it (the legend says it).</summary>
    public static string BandText { get; } = $"band: ±{EstimatedMetric.Sigmas.ToString(CultureInfo.InvariantCulture)} sampling errors";

    // Estimated lines and realized points of a version in different colours: a point sitting on the line stays visible.
    private static readonly string[] EstimatedColors = [ChartStyle.Primary, "#0288d1", "#8e24aa", "#6d4c41"];
    private static readonly string[] RealizedColors = ["#ef6c00", "#2e7d32", "#d81b60", "#00897b"];

    public static string EstimatedColor(int index) => EstimatedColors[index % EstimatedColors.Length];

    public static string RealizedColor(int index) => RealizedColors[index % RealizedColors.Length];

    /// <summary>The chart of <paramref name="metric"/> (one of <see cref="Metrics"/>) over the report's versions that have an estimate.</summary>
    public static (IList<ITrace> Data, PlotlyLayout Layout) Build(PerformanceReport report, string metric)
    {
        var traces = new List<ITrace>();
        var starts = new List<DateTimeOffset>();
        var versions = report.Versions.Where(v => v.Estimation is { Unavailable: null, Buckets.Count: > 0 }).ToList();
        foreach (var (v, i) in versions.Select((v, i) => (v, i)))
        {
            var buckets = v.Estimation!.Buckets.OrderBy(b => b.Key).ToList();
            starts.AddRange(buckets.Select(b => b.Key));
            var x = buckets.Select(b => (object)TimeAxis.Text(b.Key.UtcDateTime)).ToList();
            var estimates = buckets.Select(b => Estimated(b.Value, metric)).ToList();
            var color = EstimatedColor(i);
            var group = $"v{v.Version}";
            traces.Add(new Scatter
            {
                Name = $"v{v.Version} band lower",
                X = x,
                Y = estimates.Select(e => Finite(e?.Lower)).ToList()!,
                Mode = ScatterLib.ModeFlag.Lines,
                Line = new ScatterLib.Line { Color = "rgba(0,0,0,0)", Width = 0 },
                LegendGroup = group,
                ShowLegend = false,
                HoverInfo = ScatterLib.HoverInfoFlag.Skip,
            });
            traces.Add(new Scatter
            {
                Name = $"v{v.Version} band upper",
                X = x,
                Y = estimates.Select(e => Finite(e?.Upper)).ToList()!,
                Mode = ScatterLib.ModeFlag.Lines,
                Line = new ScatterLib.Line { Color = "rgba(0,0,0,0)", Width = 0 },
                // Filled down to the lower edge: the band. Translucent enough to see the grid through in light and dark.
                Fill = ScatterLib.FillEnum.ToNextY,
                FillColor = Translucent(color, 0.28),
                LegendGroup = group,
                ShowLegend = false,
                HoverInfo = ScatterLib.HoverInfoFlag.Skip,
            });
            var estimated = new Scatter
            {
                Name = $"v{v.Version} estimated ({BandText})",
                X = x,
                Y = estimates.Select(e => (object?)e?.Value).ToList()!,
                TextArray = estimates.Select(e => e is null ? "" : $"band {Band(e)}").ToList(),
                Mode = ScatterLib.ModeFlag.Lines | ScatterLib.ModeFlag.Markers,
                Line = new ScatterLib.Line { Color = color, Width = 2 },
                Marker = new ScatterLib.Marker { Color = color, Size = 5 },
                ConnectGaps = false,
                LegendGroup = group,
                HoverTemplate = $"v{v.Version} estimated {metric} %{{y:.3f}}<br>%{{text}}<extra></extra>",
            };
            // A band of one bucket has no width to fill: whiskers show it instead.
            if (buckets.Count == 1 && estimates[0] is { } only && double.IsFinite(only.Lower) && double.IsFinite(only.Upper))
            {
                estimated.ErrorY = new ScatterLib.ErrorY
                {
                    Type = ScatterLib.ErrorYLib.TypeEnum.Data,
                    Symmetric = false,
                    Array = [only.Upper - only.Value],
                    ArrayMinus = [only.Value - only.Lower],
                    Color = color,
                    Thickness = 2,
                    Width = 8,
                };
            }

            traces.Add(estimated);
        }

        // Realized points after every band and line, so that they are drawn on top (the realized chart shows versions without an estimate).
        foreach (var (v, i) in versions.Select((v, i) => (v, i)))
        {
            var labelled = v.Buckets.Where(b => b.Labelled > 0 && Realized(b, metric) is not null).ToList();
            if (labelled.Count == 0) continue;
            starts.AddRange(labelled.Select(b => b.Start!.Value));
            var color = RealizedColor(i);
            traces.Add(new Scatter
            {
                Name = $"v{v.Version} realized",
                X = labelled.Select(b => (object)TimeAxis.Text(b.Start!.Value.UtcDateTime)).ToList(),
                Y = labelled.Select(b => (object)Realized(b, metric)!.Value).ToList(),
                TextArray = labelled.Select(b => $"{b.Labelled} of {b.Predictions} labelled").ToList(),
                Mode = ScatterLib.ModeFlag.Markers,
                Marker = new ScatterLib.Marker
                {
                    Color = color, Size = 11, Symbol = ScatterLib.MarkerLib.SymbolEnum.Diamond,
                    Line = new ScatterLib.MarkerLib.Line { Color = "#ffffff", Width = 1 },
                },
                LegendGroup = $"v{v.Version}",
                HoverTemplate = $"v{v.Version} realized {metric} %{{y:.3f}}<br>%{{text}}<extra></extra>",
            });
        }

        var layout = ChartStyle.Layout(Height, "Prediction time (UTC)", metric);
        TimeAxis.ForBuckets(starts, report.Bucket).ApplyTo(layout.XAxis[0]);
        layout.XAxis[0].AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        layout.YAxis[0].Range = [0.0, 1.0];
        layout.YAxis[0].AutoRange = Plotly.Blazor.LayoutLib.YAxisLib.AutoRangeEnum.False;
        layout.Margin.B = 70;
        layout.Margin.T = 10;
        layout.ShowLegend = true;
        layout.Legend = [ChartStyle.TopLegend()];
        return (traces, layout);
    }

    /// <summary>The estimated <paramref name="metric"/> of a bucket (null: AUC with one expected class only).</summary>
    public static EstimatedMetric? Estimated(EstimatedMetrics m, string metric) => metric switch
    {
        "AUC" => m.Auc,
        "F1" => m.F1,
        "precision" => m.Precision,
        "recall" => m.Recall,
        "accuracy" => m.Accuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a charted metric."),
    };

    /// <summary>The realized <paramref name="metric"/> of a bucket (null when none of it is labelled).</summary>
    public static double? Realized(RealizedMetrics m, string metric) => metric switch
    {
        "AUC" => m.Auc,
        "F1" => m.F1,
        "precision" => m.Precision,
        "recall" => m.Recall,
        "accuracy" => m.Accuracy,
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, "Not a charted metric."),
    };

    private static string Band(EstimatedMetric e) =>
        double.IsFinite(e.Lower) && double.IsFinite(e.Upper)
            ? $"{e.Lower.ToString("0.000", CultureInfo.InvariantCulture)}–{e.Upper.ToString("0.000", CultureInfo.InvariantCulture)}"
            : "unknown (too few rows in the reference)";

    // A band whose sampling error is unknown (NaN) leaves a gap instead of a NaN that Plotly cannot draw.
    private static object? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>"#rrggbb" as rgba with <paramref name="alpha"/>.</summary>
    public static string Translucent(string hex, double alpha)
    {
        var rgb = Convert.FromHexString(hex.TrimStart('#'));
        return string.Create(CultureInfo.InvariantCulture, $"rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha})");
    }
}
