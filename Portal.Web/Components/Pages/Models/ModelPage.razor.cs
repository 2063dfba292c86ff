using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Web.Auth;
using Portal.Web.Components.Dialogs;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// A model in tabs: its versions (metrics with deltas against the champion; the selected version's ROC curve,
/// confusion matrix and schema), a comparison of two versions, the history of alias moves and, for admins, the
/// gates. Admins promote, approve and roll back from here.
/// </summary>
public partial class ModelPage
{
    private ModelDetails? _model;
    private List<ModelVersionInfo> _versions = [];
    private ModelVersionInfo? _selected;
    private double _threshold = BinaryMetrics.Threshold;
    private ServingStatus? _serving;
    private IReadOnlyList<AliasMove> _history = [];
    private ModelGates? _gates;
    private int? _previousChampion;
    private bool _isAdmin;
    private string _user = "anonymous";
    private int _tab;
    private string? _lastCompare;
    private int? _missingVersion;
    private string? _loadedName;
    private bool _loading = true;
    private string? _error;
    private List<BreadcrumbItem> _breadcrumbs = [];

    [Inject] private IModelRegistry Registry { get; set; } = default!;
    [Inject] private TrainingService Training { get; set; } = default!;
    [Inject] private ModelServer Server { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private PromotionService Promotion { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelPage> Log { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter] public string Name { get; set; } = "";

    /// <summary>The tab named in the URL (<c>/models/{name}/drift</c>); none is the Versions tab.</summary>
    [Parameter] public string? Tab { get; set; }

    /// <summary>The version selected in the URL (<c>/models/{name}/versions/2</c>).</summary>
    [Parameter] public int? Version { get; set; }

    /// <summary>The versions the Compare tab shows (<c>/models/{name}/compare?versions=1,3,4</c>), the first the baseline.</summary>
    [SupplyParameterFromQuery(Name = CompareSelection.QueryKey)] public string? CompareVersions { get; set; }

    protected override void OnInitialized() => Training.RunFinished += OnRunFinished;

    protected override async Task OnParametersSetAsync()
    {
        // A tab or version change (a click, Back, Forward) only moves within the loaded model; a new model loads.
        if (Name != _loadedName)
        {
            _loading = true;
            _selected = null;
            _breadcrumbs = [new("Models", "models"), new(Name, null, disabled: true)];
            if (AuthState is not null)
            {
                var user = (await AuthState).User;
                _user = user.Identity?.Name ?? _user;
                _isAdmin = (await Authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
            }

            await LoadAsync();
            _loadedName = Name;
            _loading = false;
        }

        ApplyRoute();
    }

    /// <summary>Shows the tab and version the URL names; an unknown tab is the portal's not-found page.</summary>
    private void ApplyRoute()
    {
        if (ModelTabs.IndexOf(Tab) is not { } index)
        {
            Navigation.NotFound();
            return;
        }

        // Gates are for admins only: anyone else lands on Versions.
        _tab = ModelTabs.All[index] == ModelTabs.Gates && !_isAdmin ? 0 : index;
        _missingVersion = null;
        if (CompareVersions is not null) _lastCompare = CompareVersions;
        if (Version is { } wanted)
        {
            _tab = 0;
            var version = _versions.FirstOrDefault(v => v.Version == wanted);
            if (version is null && _model is not null) _missingVersion = wanted;
            _selected = version ?? _selected ?? DefaultSelection;
        }
        else if (index == 0)
        {
            _selected = DefaultSelection;
        }
    }

    /// <summary>The version shown when none is chosen: the champion, else the newest.</summary>
    private ModelVersionInfo? DefaultSelection =>
        _versions.FirstOrDefault(v => v.Version == _model?.Summary.ChampionVersion) ?? _versions.FirstOrDefault();

    /// <summary>A tab click puts the tab in the URL (a history entry, so Back returns to the previous tab).</summary>
    private void OnTabChanged(int index)
    {
        _tab = index;
        var url = index == 0 && _selected is { } selected && selected != DefaultSelection
            ? ModelTabs.VersionUrl(Name, selected.Version)
            : ModelTabs.Url(Name, ModelTabs.All[index]);
        // Back on Compare, the versions chosen there before are still chosen.
        if (ModelTabs.All[index] == ModelTabs.Compare && _lastCompare is not null) url += $"?{CompareSelection.QueryKey}={Uri.EscapeDataString(_lastCompare)}";
        Navigation.NavigateTo(url);
    }

    private async Task LoadAsync()
    {
        try
        {
            _model = await Registry.GetModelAsync(Name);
            _versions = _model?.Versions.OrderByDescending(v => v.Version).ToList() ?? [];
            _serving = Server.Snapshot().FirstOrDefault(s => s.Model == Name);
            // Keep the user's selection across refreshes; start on the champion, else the newest version.
            _selected = _versions.FirstOrDefault(v => v.Version == _selected?.Version) ?? DefaultSelection;
            _history = _model is null ? [] : await Registry.GetHistoryAsync(Name);
            _gates = _model is null ? null : await Promotion.GetGatesAsync(Name);
            _previousChampion = PromotionService.RollbackTarget(_model?.Summary.ChampionVersion, _history);
            _error = null;
        }
        catch (Exception ex)
        {
            _error = LoadFailure.Describe(Log, ex, $"Model '{Name}'");
        }
    }

    private ModelVersionInfo? Champion => _versions.FirstOrDefault(v => v.Version == _model?.Summary.ChampionVersion);

    private bool CanRollBack => _previousChampion is not null;

    /// <summary>What the rollback button does, or why it cannot (also its accessible name).</summary>
    private string RollbackHint =>
        _previousChampion is { } target ? $"Return the champion from {Format.Version(_model?.Summary.ChampionVersion)} to v{target}, the champion before it"
        : _model?.Summary.ChampionVersion is null ? "There is no champion to roll back"
        : $"No earlier champion to return to: {Format.Version(_model.Summary.ChampionVersion)} is the first on the rollback path";

    /// <summary>Selecting a version puts it in the URL, so the selection can be linked and Back returns to the previous one.</summary>
    private void Select(ModelVersionInfo? version)
    {
        if (version is null) return;
        _selected = version;
        _missingVersion = null;
        Navigation.NavigateTo(ModelTabs.VersionUrl(Name, version.Version));
    }

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

    private async Task PromoteAsync(ModelVersionInfo version)
    {
        var dialog = await PromoteDialog.ShowAsync(Dialogs, Name, version.Version);
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: PromotionOutcome { Succeeded: true } outcome }) Snackbar.Add(outcome.Message, Severity.Success);
        // Something may have moved even when the dialog was cancelled (another admin, the API): show what is true now.
        await LoadAsync();
    }

    private async Task ApproveAsync(ModelVersionInfo version)
    {
        var dialog = await ReasonDialog.ShowAsync(Dialogs, $"Approve {Name} v{version.Version}",
            "Four eyes: your approval lets another admin promote this version to champion (your own promotion does not count it).",
            "Approve", "approve", reasonRequired: false,
            async reason => await Promotion.ApproveAsync(Name, version.Version, new Actor(_user), reason) is null ? $"{Name} v{version.Version} no longer exists." : null);
        var result = await dialog.Result;
        if (result is { Canceled: false }) Snackbar.Add($"{Name} v{version.Version} approved by {_user}.", Severity.Success);
    }

    private async Task RollbackAsync()
    {
        if (_previousChampion is not { } previous) return;
        string? message = null;
        var dialog = await ReasonDialog.ShowAsync(Dialogs, $"Roll back {Name}",
            $"The champion returns from {Format.Version(_model?.Summary.ChampionVersion)} to v{previous} at once, without gates and without a restart.",
            $"Roll back to v{previous}", "rollback", reasonRequired: true,
            async reason =>
            {
                var outcome = await Promotion.RollbackAsync(Name, _user, reason);
                message = outcome.Message;
                return outcome.Succeeded ? null : outcome.Message;
            },
            Color.Warning);
        var result = await dialog.Result;
        if (result is { Canceled: false } && message is not null) Snackbar.Add(message, Severity.Success);
        await LoadAsync();
    }

    private void OnGatesSaved(ModelGates gates) => _gates = gates;

    private async Task ImportAsync()
    {
        var dialog = await ImportDialog.ShowAsync(Dialogs, Name);
        var result = await dialog.Result;
        await LoadAsync();
        if (result is { Canceled: false, Data: ModelVersionInfo imported }) Select(_versions.FirstOrDefault(x => x.Version == imported.Version));
    }

    private async Task EnsembleAsync()
    {
        var dialog = await EnsembleDialog.ShowAsync(Dialogs, Name, _model?.Versions ?? []);
        var result = await dialog.Result;
        await LoadAsync();
        if (result is { Canceled: false, Data: ModelVersionInfo created }) Select(_versions.FirstOrDefault(x => x.Version == created.Version));
    }

    public void Dispose() => Training.RunFinished -= OnRunFinished;
}
