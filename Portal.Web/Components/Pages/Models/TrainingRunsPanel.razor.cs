using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Core.Training;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The latest training runs of one model (or of all models), so that a run kept training in the background stays
/// visible: it appears when queued (from any page or the API), shows live progress while it runs and its outcome
/// when it ends. Progress is polled, as the train dialog does, only while a run is in flight. A sweep run opens onto its
/// candidates; a data scientist can cancel a queued or running run.
/// </summary>
public partial class TrainingRunsPanel
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _cts = new();
    private IReadOnlyList<TrainingRun> _runs = [];
    private string? _error;
    private string? _loadedModel = "\0";
    private bool _polling;
    private string? _actionError;
    private readonly HashSet<Guid> _expanded = [];
    private readonly HashSet<Guid> _cancelling = [];

    [Inject] private TrainingService Training { get; set; } = default!;
    [Inject] private ILogger<TrainingRunsPanel> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    /// <summary>The model whose runs to show; null shows every model's runs (with a model column).</summary>
    [Parameter] public string? Model { get; set; }

    /// <summary>How many runs to show, newest first.</summary>
    [Parameter] public int Take { get; set; } = 5;

    protected override void OnInitialized()
    {
        Training.RunStarted += OnRunChanged;
        Training.RunFinished += OnRunChanged;
    }

    protected override async Task OnParametersSetAsync()
    {
        if (Model == _loadedModel) return;
        _loadedModel = Model;
        await LoadAsync();
    }

    /// <summary>Reads the runs again (the model page calls it when its train dialog closes).</summary>
    public async Task RefreshAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        try
        {
            // Runs in flight come with their live progress.
            _runs = await Training.ListRunsAsync(Model, Take, _cts.Token);
            _error = null;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            _error = LoadFailure.Describe(Log, ex, "The training runs");
        }

        if (InFlight && !_polling) _ = PollAsync();
    }

    private bool InFlight => _runs.Any(r => r.Status is RunStatus.Queued or RunStatus.Running);

    /// <summary>Follows runs in flight every <see cref="PollInterval"/>, until none is left or the panel goes away.</summary>
    private async Task PollAsync()
    {
        _polling = true;
        try
        {
            using var timer = new PeriodicTimer(PollInterval);
            while (InFlight && await timer.WaitForNextTickAsync(_cts.Token))
                await InvokeAsync(async () =>
                {
                    await LoadAsync();
                    StateHasChanged();
                });
        }
        catch (OperationCanceledException)
        {
            // The panel went away.
        }
        finally
        {
            _polling = false;
        }
    }

    private void OnRunChanged(TrainingRun run)
    {
        if (Model is not null && run.Model != Model) return;
        _ = InvokeAsync(RefreshAsync);
    }

    private void Toggle(Guid runId)
    {
        if (!_expanded.Remove(runId)) _expanded.Add(runId);
    }

    /// <summary>Cancels a queued run at once, a running one at its next check; the panel hears the end through the service.</summary>
    private async Task CancelAsync(TrainingRun run)
    {
        _actionError = null;
        _cancelling.Add(run.RunId);
        try
        {
            var user = AuthState is null ? null : (await AuthState).User.Identity?.Name;
            var (outcome, _) = await Training.CancelAsync(run.RunId, user ?? "anonymous", _cts.Token);
            if (outcome is CancelOutcome.AlreadyFinished or CancelOutcome.NotFound)
                _actionError = $"The run of {run.Model} had already ended; there was nothing to cancel.";
            await LoadAsync();
        }
        catch (OperationCanceledException)
        {
            // The panel went away.
        }
        catch (Exception ex)
        {
            _actionError = UserFacingError.Describe(Log, ex, $"The run of {run.Model} could not be cancelled");
        }
        finally
        {
            _cancelling.Remove(run.RunId);
        }
    }

    private static Color StatusColor(RunStatus status) => status switch
    {
        RunStatus.Cancelled => Color.Warning,
        RunStatus.Succeeded => Color.Success,
        RunStatus.Failed => Color.Error,
        RunStatus.Running => Color.Info,
        _ => Color.Default,
    };

    private static string StatusText(TrainingRun run) => run.Status switch
    {
        RunStatus.Running => $"running {Format.Percent(run.Progress)}",
        _ => run.Status.ToString().ToLowerInvariant(),
    };

    public void Dispose()
    {
        Training.RunStarted -= OnRunChanged;
        Training.RunFinished -= OnRunChanged;
        // Cancelled, not disposed: a refresh already queued on the renderer may still read the token.
        _cts.Cancel();
    }
}
