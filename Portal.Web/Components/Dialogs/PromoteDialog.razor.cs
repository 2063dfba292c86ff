using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Gates;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Dialogs;

/// <summary>
/// Promotes a version to an alias. For champion the gates are run first as a dry run, and their results shown
/// before anything moves: Confirm stays disabled while a gate fails. The promotion itself runs the gates again,
/// so a situation that changed in between (a new champion, new gates) is caught and shown.
/// </summary>
public partial class PromoteDialog
{
    private GateCheck? _check;
    private string _alias = ModelAliases.Champion;
    private string? _reason;
    private PromotionOutcome? _outcome;
    private bool _promoting;
    private string? _loadError;
    private string _user = "anonymous";

    [Inject] private PromotionService Promotion { get; set; } = default!;
    [Inject] private ILogger<PromoteDialog> Log { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";
    [Parameter, EditorRequired] public int Version { get; set; }

    /// <summary>Opens the dialog; its result's data is the <see cref="PromotionOutcome"/> when a promotion succeeded.</summary>
    public static Task<IDialogReference> ShowAsync(IDialogService dialogs, string model, int version)
    {
        var parameters = new DialogParameters<PromoteDialog> { { d => d.Model, model }, { d => d.Version, version } };
        return dialogs.ShowAsync<PromoteDialog>($"Promote {model} v{version}", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
    }

    private bool IsChampion => _alias == ModelAliases.Champion;

    /// <summary>The promotion went through: only Close is left.</summary>
    private bool Done => _outcome?.Succeeded == true;

    private bool CanConfirm => RendererInfo.IsInteractive && !_promoting && !Done && _check is not null && (!IsChampion || _check.Passed);

    private string OutcomeText => _outcome!.Status switch
    {
        PromotionStatus.Promoted => _outcome.Message,
        PromotionStatus.Blocked => "Blocked by the gates (they were checked again on promotion): " + _outcome.Message,
        PromotionStatus.ArtefactRefused => "The artefact was refused and nothing moved; the serving engine is unchanged: " + _outcome.Message,
        _ => _outcome.Message,
    };

    protected override async Task OnInitializedAsync()
    {
        if (AuthState is not null) _user = (await AuthState).User.Identity?.Name ?? _user;
        await CheckAsync();
    }

    private async Task CheckAsync()
    {
        try
        {
            _check = await Promotion.CheckAsync(Model, Version, new Actor(_user));
            _loadError = _check is null ? $"Model '{Model}' has no version {Version}." : null;
        }
        catch (Exception ex)
        {
            _loadError = LoadFailure.Describe(Log, ex, "The gates");
        }
    }

    private void SelectAlias(string alias)
    {
        _alias = alias;
        _outcome = null;
    }

    private async Task ConfirmAsync()
    {
        if (!CanConfirm) return;
        _promoting = true;
        try
        {
            _outcome = await Promotion.PromoteAsync(Model, Version, _alias, new Actor(_user), string.IsNullOrWhiteSpace(_reason) ? null : _reason.Trim());
            // Blocked or refused: show the gates as they stand now, so Confirm reflects them.
            if (!_outcome.Succeeded) await CheckAsync();
        }
        catch (Exception ex)
        {
            // The exception goes to the log; the user gets a sentence (its text can name paths, SQL or types).
            Log.LogError(ex, "Promoting {Model} v{Version} to {Alias} failed", Model, Version, _alias);
            _outcome = new PromotionOutcome(PromotionStatus.Invalid, "The promotion failed and nothing moved. Try again; if it keeps failing, the server log has the details.");
        }
        finally
        {
            _promoting = false;
        }
    }

    private void Cancel() => MudDialog.Cancel();

    private void Close() => MudDialog.Close(DialogResult.Ok(_outcome));
}
