using Microsoft.AspNetCore.Components;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Traces;
using Portal.Core.Drift;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Web.Components.Shared;
using PlotlyLayout = Plotly.Blazor.Layout;

namespace Portal.Web.Components.Pages.Models;

/// <summary>The model page's Drift tab: the latest stored run, a run on demand (DataScientist and above), histograms and history.</summary>
public partial class ModelDriftTab
{
    private const int HistoryRuns = 100;

    private DriftRun? _latest;
    private IReadOnlyList<DriftRun> _history = [];
    private string? _feature;
    private bool _loaded;
    private bool _running;
    private string? _loadError;
    private string? _message;
    private IList<ITrace> _histogram = [];
    private PlotlyLayout _histogramLayout = ChartStyle.Layout(280);
    private IList<ITrace> _historyData = [];
    private PlotlyLayout _historyLayout = ChartStyle.Layout(240);
    private readonly Config _config = ChartStyle.Config();

    [Inject] private DriftService Drift { get; set; } = default!;
    [Inject] private IModelRegistry Registry { get; set; } = default!;

    /// <summary>The important features of the shown run's version (<see cref="ImportantFeatures"/>): drifted ones among them are marked.</summary>
    private IReadOnlyDictionary<string, (int Rank, double Share, FeatureImportance Importance)> _important = ImportantFeatures.Of(null);
    private int? _importanceOf;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelDriftTab> Log { get; set; } = default!;

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    private string ReportHref => $"download/models/{Uri.EscapeDataString(Model)}/drift/report.html";

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _history = await Drift.HistoryAsync(Model, HistoryRuns);
            Show(_history.FirstOrDefault());
            await LoadImportanceAsync();
            _loadError = null;
        }
        catch (Exception ex)
        {
            _loadError = LoadFailure.Describe(Log, ex, $"The drift runs of '{Model}'");
        }
        _loaded = true;
    }

    private async Task RunAsync()
    {
        _running = true;
        _message = null;
        try
        {
            var outcome = await Drift.RunAsync(Model, DriftTriggers.Manual);
            if (outcome.Run is { } run)
            {
                _history = [run, .. _history.Take(HistoryRuns - 1)];
                Show(run);
                await LoadImportanceAsync();
                Snackbar.Add($"Drift run: {run.Status}, {run.Report.Features.Count(f => f.Drifted)} of {run.Report.Features.Count} features drifted.",
                    run.Status == DriftStatuses.Ok ? Severity.Success : Severity.Warning);
            }
            else
            {
                _message = outcome.Message;
            }
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "The drift run of {Model} failed", Model);
            _message = "The drift run failed. Try again; if it keeps failing, the server log has the details.";
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Reads the permutation importance of the shown run's version (once per version).</summary>
    private async Task LoadImportanceAsync()
    {
        if (_latest is not { } run || _importanceOf == run.Version) return;
        _important = ImportantFeatures.Of((await Registry.GetVersionAsync(Model, run.Version))?.Evaluation.Importance);
        _importanceOf = run.Version;
    }

    private static string ImportantHint((int Rank, double Share, FeatureImportance Importance) i) =>
        $"Important to the model: rank {i.Rank} by permutation importance (test AUC drop {Format.Metric(i.Importance.Mean)}, {Format.Percent(i.Share)} of the total). " +
        $"Marked when among the top {ImportantFeatures.TopCount} or at least {Format.Percent(ImportantFeatures.ShareOfTotal)} of the total: its drift is the most likely to move the model's scores.";

    private void Show(DriftRun? run)
    {
        _latest = run;
        if (run is null) return;
        var keep = run.Report.Features.Any(f => f.Name == _feature) ? _feature : null;
        _feature = keep ?? run.Report.Features.FirstOrDefault(f => f.Drifted)?.Name ?? run.Report.Features.FirstOrDefault()?.Name;
        BuildHistogram();
        BuildHistory();
    }

    private void SelectFeature(string name)
    {
        _feature = name;
        BuildHistogram();
    }

    private void BuildHistogram()
    {
        var h = _latest?.Report.Histograms.FirstOrDefault(x => x.Name == _feature);
        if (h is null)
        {
            _histogram = [];
            return;
        }
        var x = h.Bins.Cast<object>().ToList();
        // Side by side and opaque: overlapping translucent bars mixed into a third colour the legend did not show.
        _histogram =
        [
            new Bar { Name = "reference (training)", X = x, Y = h.Reference.Cast<object>().ToList(), Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = ChartStyle.Primary } },
            new Bar { Name = "current", X = x, Y = h.Current.Cast<object>().ToList(), Marker = new Plotly.Blazor.Traces.BarLib.Marker { Color = ChartStyle.Secondary } },
        ];
        _histogramLayout = ChartStyle.Layout(280, null, "share of rows");
        _histogramLayout.BarMode = Plotly.Blazor.LayoutLib.BarModeEnum.Group;
        _histogramLayout.ShowLegend = true;
        _histogramLayout.XAxis[0].Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Category;
        _histogramLayout.YAxis[0].TickFormat = ".0%";
        // Bin labels turn sideways on a phone: automargin grows the margins to hold them (bottom and right) instead of cutting them.
        _histogramLayout.XAxis[0].AutoMargin = Plotly.Blazor.LayoutLib.XAxisLib.AutoMarginFlag.True;
        _histogramLayout.XAxis[0].TickAngle = -45;
        // Above the plot: on a phone a legend at the right took half the width from the bars.
        _histogramLayout.Legend = [ChartStyle.TopLegend()];
        _histogramLayout.Margin = new Plotly.Blazor.LayoutLib.Margin { L = 50, R = 30, T = 20, B = 60 };
    }

    /// <summary>The selected numeric histogram's out-of-range bins in words, or null when it has none.</summary>
    private string? OutOfRangeNote()
    {
        var h = _latest?.Report.Histograms.FirstOrDefault(x => x.Name == _feature);
        if (h is null || !(h.Underflow || h.Overflow)) return null;
        var parts = new List<string>();
        if (h.Underflow) parts.Add($"\"{h.Bins[0]}\" ({Format.Percent(h.Current[0])} of current rows)");
        if (h.Overflow) parts.Add($"\"{h.Bins[^1]}\" ({Format.Percent(h.Current[^1])} of current rows)");
        return $"Bins span the training range; recent values outside it are counted in {string.Join(" and ", parts)}.";
    }

    private void BuildHistory() => (_historyData, _historyLayout) = DriftHistoryChart.Build(_history);

    private static Color StatusColor(string status) => status switch
    {
        DriftStatuses.Critical => Color.Error,
        DriftStatuses.Warning => Color.Warning,
        _ => Color.Success,
    };
}
