using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Web.Auth;
using Portal.Web.Components.Dialogs;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The model page's Rollouts tab: the active rollout (split, steps, per-arm evidence, the sequential test or the shadow's
/// paired comparison, their charts over time, decisions) refreshed every <see cref="RefreshInterval"/>, and the past ones. Admins start, pause,
/// resume, abort and promote; everyone else only reads.
/// </summary>
public partial class ModelRolloutsTab : IDisposable
{
    /// <summary>How often the active rollout is read again (the decision loop looks every few seconds to minutes).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _cts = new();
    private Rollout? _active;
    private List<Rollout> _past = [];
    private IReadOnlyList<RolloutDecision> _decisions = [];
    private RolloutEvidence? _evidence;
    private RolloutLiveCounts? _live;
    private IReadOnlyList<RolloutLook> _looks = [];
    private (Guid Id, DateTimeOffset? At)? _looksOf;
    private Actor _by = new("anonymous");
    private bool _loaded;
    private bool _creating;
    private bool _acting;
    private bool _polling;
    private string? _loadError;
    private string? _actionError;

    [Inject] private RolloutService Rollouts { get; set; } = default!;
    [Inject] private RolloutDecider Decider { get; set; } = default!;
    [Inject] private ModelServer Server { get; set; } = default!;
    [Inject] private IRolloutLookStore Looks { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelRolloutsTab> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    [Parameter] public IReadOnlyList<ModelVersionInfo> Versions { get; set; } = [];

    [Parameter] public int? Champion { get; set; }

    /// <summary>Whether the user may start and steer rollouts (admins).</summary>
    [Parameter] public bool CanManage { get; set; }

    /// <summary>Raised after a rollout changed the model (a promotion moved the champion), so the page reloads it.</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (AuthState is not null) _by = PortalActors.Of((await AuthState).User);
        await LoadAsync();
        _loaded = true;
        if (!_polling) _ = PollAsync();
    }

    private async Task LoadAsync()
    {
        try
        {
            var all = await Rollouts.ListAsync(Model, _cts.Token);
            var active = all.FirstOrDefault(r => r.State.IsActive());
            _past = all.Where(r => r.State.IsTerminal()).OrderByDescending(r => r.StartedAt).ToList();
            _decisions = active is null ? [] : await Rollouts.ListDecisionsAsync(active.Id, _cts.Token);
            _evidence = active is null ? null : Decider.LatestEvidence(active.Id);
            _live = active is not null && Server.RolloutOf(Model) is { } serving && serving.Rollout.Id == active.Id ? serving.Stats.Snapshot() : null;
            // The looks are read again only after a new look (or another rollout): the tab refreshes every 2 s, the loop looks far less often.
            (Guid, DateTimeOffset?)? looksOf = active is null ? null : (active.Id, _evidence?.At);
            if (looksOf != _looksOf)
            {
                _looks = active is null ? [] : await Looks.ListLooksAsync(active.Id, _cts.Token);
                _looksOf = looksOf;
            }
            var ended = _active is not null && active?.Id != _active.Id;
            _active = active;
            _loadError = null;
            if (ended) await OnChanged.InvokeAsync();
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The tab went away.
        }
        catch (Exception ex)
        {
            _loadError = LoadFailure.Describe(Log, ex, $"The rollouts of '{Model}'");
        }
    }

    /// <summary>Reads the rollouts again every <see cref="RefreshInterval"/> until the tab goes away.</summary>
    private async Task PollAsync()
    {
        _polling = true;
        try
        {
            using var timer = new PeriodicTimer(RefreshInterval);
            while (await timer.WaitForNextTickAsync(_cts.Token))
                await InvokeAsync(async () =>
                {
                    // An open form keeps its fields; only the active rollout's view refreshes.
                    await LoadAsync();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException)
        {
            // The tab went away.
        }
        catch (ObjectDisposedException)
        {
            // The renderer went away with the circuit.
        }
        finally
        {
            _polling = false;
        }
    }

    private async Task OnStartedAsync(Rollout rollout)
    {
        _creating = false;
        Snackbar.Add($"{RolloutDisplay.Kind(rollout.Kind)} of v{rollout.CandidateVersion} started.", Severity.Success);
        await LoadAsync();
    }

    /// <summary>One row per arm: the logged evidence, with the live counters' requests and errors where they exist.</summary>
    private IEnumerable<(string Name, int Version, ArmEvidence? Arm, long? Requests, long? Errors)> ArmRows(Rollout rollout)
    {
        var shadow = rollout.Kind == RolloutKind.Shadow;
        var candidateName = shadow ? "shadow" : "candidate";
        yield return ("champion", rollout.ChampionVersion, _evidence?.Champion, _live?.ChampionServed ?? _evidence?.Champion.Predictions, null);
        yield return (candidateName, rollout.CandidateVersion, _evidence?.Candidate,
            shadow ? _live?.ShadowScored ?? _evidence?.Candidate.Predictions : _live?.CandidateServed ?? _evidence?.Candidate.Predictions,
            shadow ? _live?.ShadowErrors : _live?.CandidateErrors);
    }

    private Task PauseAsync() => ActAsync("paused", id => Rollouts.PauseAsync(id, _by, null));

    private Task ResumeAsync() => ActAsync("resumed", id => Rollouts.ResumeAsync(id, _by, null));

    private async Task ActAsync(string done, Func<Guid, Task<Rollout?>> action)
    {
        if (_active is not { } rollout) return;
        _acting = true;
        _actionError = null;
        try
        {
            await action(rollout.Id);
            Snackbar.Add($"Rollout {done}.", Severity.Success);
        }
        catch (Exception ex)
        {
            _actionError = UserFacingError.Describe(Log, ex, $"The rollout could not be {done}");
        }
        finally
        {
            _acting = false;
        }

        await LoadAsync();
    }

    private Task AbortAsync() => ConfirmAsync(
        "Abort the rollout", "The champion answers every request at once; the candidate is not promoted.", "Abort", "rollout-abort", Color.Error,
        (id, reason) => Rollouts.AbortAsync(id, _by, reason), "aborted");

    private Task PromoteAsync() => ConfirmAsync(
        $"Promote v{_active?.CandidateVersion}", "The candidate becomes the champion through the model's gates (and their approval, when they require it).",
        "Promote", "rollout-promote", Color.Success, (id, reason) => Rollouts.PromoteAsync(id, _by, reason), "promoted");

    /// <summary>Asks first (with an optional reason); a refusal (e.g. a failing gate) is shown in the dialog as a sentence.</summary>
    private async Task ConfirmAsync(string title, string text, string confirm, string testId, Color color, Func<Guid, string?, Task<Rollout?>> action, string done)
    {
        if (_active is not { } rollout) return;
        var dialog = await ReasonDialog.ShowAsync(Dialogs, title, text, confirm, testId, reasonRequired: false,
            async reason =>
            {
                try
                {
                    await action(rollout.Id, reason);
                    return null;
                }
                catch (Exception ex)
                {
                    return UserFacingError.Describe(Log, ex, $"The rollout could not be {done}");
                }
            },
            color);
        var result = await dialog.Result;
        if (result is { Canceled: false }) Snackbar.Add($"Rollout {done}.", Severity.Success);
        await LoadAsync();
        if (result is { Canceled: false }) await OnChanged.InvokeAsync();
    }

    public void Dispose()
    {
        // Cancelled, not disposed: a tick or a load still running sees the cancellation rather than a disposed source.
        _cts.Cancel();
    }
}
