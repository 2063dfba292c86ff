using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Registry;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// A version's model card on the model page: its facts, metrics and gate evidence for everyone; intended use
/// and limitations editable in place by data scientists and admins; JSON and Markdown downloads through the
/// cookie-authorized /download endpoints (the cookie never reaches /api).
/// </summary>
public partial class ModelCardPanel
{
    private ModelCard? _card;
    private string? _error;
    private string? _intendedUse;
    private string? _limitations;
    private bool _saving;
    private string? _saveError;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private (string Model, int Version)? _loaded;

    [Inject] private ModelCardService Cards { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelCardPanel> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    [Parameter, EditorRequired] public int Version { get; set; }

    private bool IsDirty => _card is not null && (ModelCardService.Normalize(_intendedUse) != _card.IntendedUse || ModelCardService.Normalize(_limitations) != _card.Limitations);

    private string DownloadUrl(string extension) =>
        $"download/models/{Uri.EscapeDataString(Model)}/versions/{Version}/card.{extension}";

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded == (Model, Version)) return;
        _loaded = (Model, Version);
        _card = null;
        _error = null;
        _saveError = null;
        _errors = new Dictionary<string, string[]>();
        try
        {
            var card = await Cards.GetAsync(Model, Version);
            if (card is null) _error = $"Model '{Model}' has no version {Version}.";
            else Show(card);
        }
        catch (Exception ex)
        {
            _error = LoadFailure.Describe(Log, ex, "The model card");
        }
    }

    private void Show(ModelCard card)
    {
        _card = card;
        _intendedUse = card.IntendedUse;
        _limitations = card.Limitations;
    }

    private async Task SaveAsync()
    {
        _saveError = null;
        _errors = ModelCardService.Validate(_intendedUse, _limitations);
        if (_errors.Count > 0) return;
        _saving = true;
        try
        {
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var card = await Cards.UpdateAsync(Model, Version, _intendedUse, _limitations, user ?? "anonymous");
            if (card is null)
            {
                _saveError = $"Model '{Model}' no longer has version {Version}.";
                return;
            }

            Show(card);
            Snackbar.Add($"Model card of {Model} v{Version} saved.", Severity.Success);
        }
        catch (Exception ex)
        {
            _saveError = UserFacingError.Describe(Log, ex, "The card could not be saved");
        }
        finally
        {
            _saving = false;
        }
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
