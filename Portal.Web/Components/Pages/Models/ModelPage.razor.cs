using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Web.Components.Dialogs;

namespace Portal.Web.Components.Pages.Models;

/// <summary>A model's versions with their metrics; the selected version's ROC curve, confusion matrix and schema.</summary>
public partial class ModelPage
{
    private ModelDetails? _model;
    private List<ModelVersionInfo> _versions = [];
    private ModelVersionInfo? _selected;
    private ServingStatus? _serving;
    private bool _loading = true;
    private string? _error;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Inject] private IModelRegistry Registry { get; set; } = default!;
    [Inject] private TrainingService Training { get; set; } = default!;
    [Inject] private ModelServer Server { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Parameter] public string Name { get; set; } = "";

    protected override void OnInitialized() => Training.RunFinished += OnRunFinished;

    protected override async Task OnParametersSetAsync()
    {
        _loading = true;
        _selected = null;
        _breadcrumbs = [new("Models", "models"), new(Name, null, disabled: true)];
        await LoadAsync();
        _loading = false;
    }

    private async Task LoadAsync()
    {
        try
        {
            _model = await Registry.GetModelAsync(Name);
            _versions = _model?.Versions.OrderByDescending(v => v.Version).ToList() ?? [];
            _serving = Server.Snapshot().FirstOrDefault(s => s.Model == Name);
            // Keep the user's selection across refreshes; start on the champion, else the newest version.
            _selected = _versions.FirstOrDefault(v => v.Version == _selected?.Version)
                ?? _versions.FirstOrDefault(v => v.Version == _model?.Summary.ChampionVersion)
                ?? _versions.FirstOrDefault();
            _error = null;
        }
        catch (Exception ex)
        {
            _error = $"Model '{Name}' could not be loaded: {ex.Message}";
        }
    }

    private void Select(ModelVersionInfo? version) => _selected = version ?? _selected;

    private string RowClass(ModelVersionInfo version, int index) => version.Version == _selected?.Version ? "mud-selected-item mud-primary-hover" : "";

    /// <summary>A run of this model ended (started here, elsewhere or through the API): show its version.</summary>
    private void OnRunFinished(TrainingRun run)
    {
        if (run.Model != Name) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync();
            StateHasChanged();
        });
    }

    private async Task TrainAsync()
    {
        var dialog = await TrainDialog.ShowAsync(Dialogs, Name);
        await dialog.Result;
        await LoadAsync();
    }

    private async Task ImportAsync()
    {
        var dialog = await ImportDialog.ShowAsync(Dialogs, Name);
        var result = await dialog.Result;
        await LoadAsync();
        if (result is { Canceled: false, Data: ModelVersionInfo imported }) Select(_versions.FirstOrDefault(x => x.Version == imported.Version));
    }

    public void Dispose() => Training.RunFinished -= OnRunFinished;
}
