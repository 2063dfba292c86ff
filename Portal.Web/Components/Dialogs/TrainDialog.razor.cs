using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// Starts a training run and follows it to its end: the form is built from the dataset's profile and
/// the trainer catalog; validation errors come back next to their fields; progress is polled.
/// </summary>
public partial class TrainDialog
{
    private static readonly HashSet<string> UsualLabelNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "label", "target", "class", "y", "outcome", "status", "default", "churn", "diagnosis", "response",
    };

    /// <summary>The trainer choice that sweeps the four trainers over their default grids.</summary>
    private const string AutoChoice = "auto";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _cts = new();
    private IReadOnlyList<DatasetInfo>? _datasets;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private string? _generalError;
    private bool _starting;
    private TrainingRun? _run;

    private string _model = "";
    private int? _datasetId;
    private string? _label;
    private string? _positiveClass;
    private TrainerKind _trainer = TrainerKind.FastTree;
    private bool _auto;
    private int _folds = StratifiedFolds.DefaultFolds;
    private Dictionary<string, double> _options = new();
    private double _testFraction = 0.2;
    private int _seed = 1;

    [Inject] private IModelRegistry Registry { get; set; } = default!;
    [Inject] private ILogger<TrainDialog> Log { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>Prefills the model name (the model page trains a new version of its model).</summary>
    [Parameter] public string? Model { get; set; }

    /// <summary>Preselects a dataset.</summary>
    [Parameter] public int? DatasetId { get; set; }

    /// <summary>Opens the dialog; its result's data is the finished <see cref="TrainingRun"/>, if the user waited for it.</summary>
    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, string? model = null, int? datasetId = null)
    {
        var parameters = new DialogParameters<TrainDialog> { { d => d.Model, model }, { d => d.DatasetId, datasetId } };
        return dialogs.ShowAsync<TrainDialog>("Train a model", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
    }

    private bool IsFinished => _run is { IsFinished: true };

    private string TrainerChoice => _auto ? AutoChoice : _trainer.ToString();

    private SweepSpec AutoSweep => new(TrainerCatalog.Trainable, null, _folds);

    private DatasetInfo? SelectedDataset => _datasets?.FirstOrDefault(d => d.Id == _datasetId);

    private IReadOnlyList<string> Columns => SelectedDataset?.Profile.Columns.Select(c => c.Name).ToList() ?? [];

    private IReadOnlyList<string> LabelValues =>
        SelectedDataset?.Profile.Find(_label ?? "")?.TopCategories?.Select(c => c.Value).ToList() ?? [];

    // The form shows once it holds what the latest version was trained with: a Start clicked in between trained
    // on the first dataset's columns instead.
    private bool _prefilled;

    protected override async Task OnInitializedAsync()
    {
        _model = Model ?? "";
        SetTrainer(TrainerKind.FastTree);
        try
        {
            _datasets = await Datasets.ListAsync(_cts.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _datasets = [];
            _generalError = LoadFailure.Describe(Log, ex, "The datasets");
        }

        var initial = _datasets.FirstOrDefault(d => d.Id == DatasetId) ?? _datasets.FirstOrDefault();
        if (initial is not null) SelectDataset(initial.Id);
        await PrefillFromLatestVersionAsync();
        _prefilled = true;
    }

    /// <summary>A new version of an existing model starts from what trained the latest one: dataset, label, class, trainer and options.</summary>
    private async Task PrefillFromLatestVersionAsync()
    {
        if (DatasetId is not null || !ModelNames.IsValid(Model)) return;
        ModelVersionInfo? latest;
        try
        {
            latest = (await Registry.GetModelAsync(Model!, _cts.Token))?.Versions.MaxBy(v => v.Version);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return;
        }

        if (latest?.DatasetId is not { } datasetId || _datasets?.Any(d => d.Id == datasetId) != true) return;
        SelectDataset(datasetId);
        SelectLabel(latest.Label);
        _positiveClass = latest.PositiveClass;
        // An imported or ensemble version names no trainer one can ask for: keep the default.
        if (TrainerCatalog.Trainable.Contains(latest.Trainer)) SetTrainer(latest.Trainer);
        foreach (var (name, value) in latest.Options)
            if (_options.ContainsKey(name)) _options[name] = value;
    }

    private void SelectDataset(int? id)
    {
        _datasetId = id;
        var dataset = SelectedDataset;
        // A two-valued column with a usual label name, else the last two-valued column, else the last column.
        var binary = dataset?.Profile.Columns.Where(c => c.Distinct == 2).ToList() ?? [];
        var label = binary.FirstOrDefault(c => UsualLabelNames.Contains(c.Name)) ?? binary.LastOrDefault() ?? dataset?.Profile.Columns.LastOrDefault();
        SelectLabel(label?.Name);
    }

    private void SelectLabel(string? label)
    {
        _label = label;
        // The rarer class is usually the one to detect (default, churn, malignant).
        var top = SelectedDataset?.Profile.Find(label ?? "")?.TopCategories;
        _positiveClass = top is { Count: > 0 } ? top.OrderBy(c => c.Count).First().Value : null;
    }

    private void SetTrainerChoice(string choice)
    {
        _auto = choice == AutoChoice;
        if (!_auto && Enum.TryParse<TrainerKind>(choice, out var trainer)) SetTrainer(trainer);
    }

    private void SetTrainer(TrainerKind trainer)
    {
        _trainer = trainer;
        _options = TrainerCatalog.Options(trainer).ToDictionary(o => o.Name, o => o.Default, StringComparer.Ordinal);
    }

    private Task<IEnumerable<string>> SearchLabelValues(string? text, CancellationToken ct)
    {
        IEnumerable<string> values = LabelValues;
        if (!string.IsNullOrWhiteSpace(text)) values = values.Where(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));
        return Task.FromResult(values);
    }

    private static string? NameError(string? name) =>
        string.IsNullOrEmpty(name) ? "Enter a model name." :
        ModelNames.IsValid(name) ? null : "Use lower-case letters, digits, '-', '_' or '.', starting with a letter or digit (at most 64).";

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private async Task StartAsync()
    {
        _generalError = null;
        var errors = new Dictionary<string, string[]>();
        if (NameError(_model) is { } nameError) errors["name"] = [nameError];
        if (_datasetId is null) errors["datasetId"] = ["Choose a dataset."];
        if (string.IsNullOrEmpty(_label)) errors["label"] = ["Choose the column to predict."];
        if (string.IsNullOrWhiteSpace(_positiveClass)) errors["positiveClass"] = ["Choose or type the positive class."];
        _errors = errors;
        if (errors.Count > 0) return;

        _starting = true;
        try
        {
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var request = _auto
                ? new TrainingRequest(_datasetId!.Value, _label!, _positiveClass!.Trim(), TrainerKind.FastTree, _testFraction, _seed, null, AutoSweep)
                : new TrainingRequest(_datasetId!.Value, _label!, _positiveClass!.Trim(), _trainer, _testFraction, _seed, new Dictionary<string, double>(_options));
            _run = await Training.StartAsync(_model, request, user ?? "anonymous", _cts.Token);
            _ = PollAsync(_run.RunId);
        }
        catch (TrainingValidationException ex)
        {
            _errors = ex.Errors;
            var known = new[] { "name", "datasetId", "label", "positiveClass", "trainer", "testFraction", "seed", "folds", "grid" };
            var unplaced = ex.Errors.Where(e => !known.Contains(e.Key) && !e.Key.StartsWith("options.", StringComparison.Ordinal)).SelectMany(e => e.Value).ToList();
            _generalError = unplaced.Count > 0 ? string.Join(" ", unplaced) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.LogError(ex, "Training {Model} could not start", _model);
            _generalError = "Training could not start. Try again; if it keeps failing, the server log has the details.";
        }
        finally
        {
            _starting = false;
        }
    }

    /// <summary>Follows the run every <see cref="PollInterval"/> until it ends or the dialog goes away.</summary>
    private async Task PollAsync(Guid runId)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_cts.Token))
            {
                if (await Training.GetRunAsync(runId, _cts.Token) is { } run) _run = run;
                await InvokeAsync(StateHasChanged);
                if (IsFinished) return;
            }
        }
        catch (OperationCanceledException)
        {
            // The dialog closed; the run carries on in the background.
        }
        catch (Exception ex)
        {
            _generalError = LoadFailure.Describe(Log, ex, "The run's progress") + " The run carries on: the model page lists it.";
            await InvokeAsync(StateHasChanged);
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private void Close() => MudDialog.Close(DialogResult.Ok(_run));

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
