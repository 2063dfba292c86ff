using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>The Gates tab: the model's five gates as a form; range errors come back next to their fields.</summary>
public partial class ModelGatesTab
{
    private ModelGates? _gates;
    private string? _loadedModel;
    private bool _loaded;
    private string? _loadError;
    private string? _saveError;
    private bool _saving;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();

    private double? _minAuc;
    private double? _minF1ImprovementPct;
    private double? _maxBrierDegradation;
    private int? _minTestRows;
    private bool _requireApproval;
    private InputRangePolicy _inputRange = InputRangePolicies.Default;

    [Inject] private PromotionService Promotion { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelGatesTab> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    /// <summary>Raised with the stored gates after a save.</summary>
    [Parameter] public EventCallback<ModelGates> OnSaved { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // The page re-renders on its own events: reload (and reset the form) only when the model changes.
        if (Model == _loadedModel) return;
        _loadedModel = Model;
        try
        {
            Show(await Promotion.GetGatesAsync(Model));
            _loadError = _gates is null ? $"Model '{Model}' does not exist." : null;
        }
        catch (Exception ex)
        {
            _loadError = LoadFailure.Describe(Log, ex, "The gates");
        }

        _loaded = true;
    }

    private void Show(ModelGates? gates)
    {
        _gates = gates;
        if (gates is null) return;
        _minAuc = gates.MinAuc;
        _minF1ImprovementPct = gates.MinF1ImprovementPct;
        _maxBrierDegradation = gates.MaxBrierDegradation;
        _minTestRows = gates.MinTestRows;
        _requireApproval = gates.RequireApproval;
        _inputRange = gates.InputRange;
    }

    /// <summary>The stored gates in a line, as they apply to the next promotion (not the form's unsaved edits).</summary>
    private static string Summary(ModelGates? gates)
    {
        if (gates is null) return "none";
        var parts = new List<string>();
        if (gates.MinAuc is { } auc) parts.Add($"{GateLabels.Label(GateNames.MinAuc)} {Format.Number(auc)}");
        if (gates.MinF1ImprovementPct is { } pct) parts.Add($"{GateLabels.Label(GateNames.MinF1ImprovementPct)} {Format.Number(pct)}");
        if (gates.MaxBrierDegradation is { } brier) parts.Add($"{GateLabels.Label(GateNames.MaxBrierDegradation)} {Format.Number(brier)}");
        if (gates.MinTestRows is { } rows) parts.Add($"{GateLabels.Label(GateNames.MinTestRows)} {Format.Count(rows)}");
        if (gates.RequireApproval) parts.Add(GateLabels.Label(GateNames.RequireApproval));
        var gatesLine = parts.Count == 0 ? "no gates (all off)" : string.Join(" · ", parts);
        return $"{gatesLine} · out-of-range inputs: {InputRangePolicies.Name(gates.InputRange)}";
    }

    private bool HasError(string gate) => _errors.ContainsKey(gate);

    private string? ErrorOf(string gate) => _errors.TryGetValue(gate, out var messages) ? string.Join(" ", messages) : null;

    private async Task SaveAsync()
    {
        _saving = true;
        _saveError = null;
        try
        {
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var updated = new ModelGates(_minAuc, _minF1ImprovementPct, _maxBrierDegradation, _minTestRows, _requireApproval) { InputRange = _inputRange };
            var errors = await Promotion.SetGatesAsync(Model, updated, user ?? "anonymous");
            _errors = errors ?? new Dictionary<string, string[]>();
            if (errors is not null) return;
            Show(await Promotion.GetGatesAsync(Model));
            Snackbar.Add($"Gates of {Model} saved.", Severity.Success);
            if (_gates is not null) await OnSaved.InvokeAsync(_gates);
        }
        catch (KeyNotFoundException)
        {
            _saveError = $"Model '{Model}' no longer exists.";
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "The gates of {Model} could not be saved", Model);
            _saveError = "The gates could not be saved. Try again; if it keeps failing, the server log has the details.";
        }
        finally
        {
            _saving = false;
        }
    }
}
