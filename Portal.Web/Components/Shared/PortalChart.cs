using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Plotly.Blazor;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Plotly.Blazor's chart that draws only once plotly.js has loaded. Plotly.Blazor 7 queues the first draw of each chart
/// until then and runs the queue in one loop: a chart removed meanwhile (a tab clicked away while plotly.js still loads)
/// throws in that loop and every chart queued after it was never drawn (the Performance tab left without its plot).
/// Waiting here first means no draw is ever queued.
/// </summary>
public class PortalChart : PlotlyChart
{
    [Inject] private IJSRuntime Js { get; set; } = default!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) await PlotlyScripts.WhenReadyAsync(Js);
        await base.OnAfterRenderAsync(firstRender);
        // Plotly's responsive config follows only the window's resizes, not its panel's (see plotly-ready.js).
        if (firstRender) await PlotlyScripts.FollowWidthAsync(Js, Id, (double?)Layout?.Height);
    }
}

/// <summary>Where Plotly.Blazor loads its interop module and plotly.js from (read from the package, so an upgrade follows).</summary>
public static class PlotlyScripts
{
    /// <summary>The id Plotly.Blazor gives the plotly.js script element.</summary>
    public const string ScriptId = "plotly-import";

    public static string InteropPath { get; } = Constant("InteropPath") ?? "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";

    public static string PlotlyPath { get; } = Constant("PlotlyPath") ?? "./_content/Plotly.Blazor/plotly-3.7.0.min.js";

    /// <summary>Completes once plotly.js has loaded in the browser (at once when it already has).</summary>
    public static async Task WhenReadyAsync(IJSRuntime js)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./plotly-ready.js");
        await module.InvokeVoidAsync("whenPlotlyReady", InteropPath, ScriptId, PlotlyPath);
    }

    /// <summary>
    /// Redraws the chart whose element has <paramref name="id"/> whenever that element's width changes, and makes the
    /// element's minimum height the chart's <paramref name="height"/> (when known) instead of Plotly.Blazor's 350 px.
    /// </summary>
    public static async Task FollowWidthAsync(IJSRuntime js, string id, double? height)
    {
        await using var module = await js.InvokeAsync<IJSObjectReference>("import", "./plotly-ready.js");
        await module.InvokeVoidAsync("followWidth", id, height);
    }

    private static string? Constant(string name) =>
        typeof(PlotlyJsInterop).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)?.GetRawConstantValue() as string;
}
