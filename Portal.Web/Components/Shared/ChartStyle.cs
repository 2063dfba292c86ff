using Plotly.Blazor;
using Plotly.Blazor.LayoutLib;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace Portal.Web.Components.Shared;

/// <summary>Chart defaults shared by every Plotly chart: transparent backgrounds and a neutral font read well in light and dark themes.</summary>
public static class ChartStyle
{
    public const string Primary = "#594ae2";
    public const string Secondary = "#ff4081";
    public const string Tertiary = "#2e7d32";
    public const string Muted = "#9e9e9e";

    public static Config Config() => new() { Responsive = true, DisplayLogo = false, DisplayModeBar = Plotly.Blazor.ConfigLib.DisplayModeBarEnum.False };

    public static PlotlyLayout Layout(int height, string? xTitle = null, string? yTitle = null) => new()
    {
        Height = height,
        AutoSize = true,
        PaperBgColor = "rgba(0,0,0,0)",
        PlotBgColor = "rgba(0,0,0,0)",
        Font = new Font { Color = "#888888" },
        Margin = new Margin { L = 50, R = 20, T = 20, B = 50 },
        ShowLegend = false,
        XAxis = [new XAxis { Title = new Plotly.Blazor.LayoutLib.XAxisLib.Title { Text = xTitle }, GridColor = "rgba(128,128,128,0.2)" }],
        YAxis = [new YAxis { Title = new Plotly.Blazor.LayoutLib.YAxisLib.Title { Text = yTitle }, GridColor = "rgba(128,128,128,0.2)" }],
    };

    /// <summary>A horizontal legend above the plot: it wraps on a phone instead of squeezing the plot from the right.</summary>
    public static Legend TopLegend() => new()
    {
        Orientation = Plotly.Blazor.LayoutLib.LegendLib.OrientationEnum.H,
        X = 0,
        XAnchor = Plotly.Blazor.LayoutLib.LegendLib.XAnchorEnum.Left,
        Y = 1.02m,
        YAnchor = Plotly.Blazor.LayoutLib.LegendLib.YAnchorEnum.Bottom,
    };
}
