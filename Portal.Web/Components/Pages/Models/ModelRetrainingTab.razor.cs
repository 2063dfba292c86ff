using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Retraining;
using Portal.Web.Auth;
using Portal.Web.Components.Shared;
using Portal.Web.Extensions;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The model page's Retraining tab: the policy (admins edit, everyone else reads), "Retrain now" (data scientists and
/// admins), and the pipeline history, newest first, each row opening to its steps and lineage. Updates live: on every
/// pipeline change the service announces, and every <see cref="RefreshInterval"/> while one runs.
/// </summary>
public partial class ModelRetrainingTab : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _cts = new();
    private readonly HashSet<Guid> _open = [];
    private RetrainPolicyForm _form = new();
    private RetrainPolicyState? _state;
    private IReadOnlyList<RetrainPipeline> _pipelines = [];
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private Actor _by = new("anonymous");
    private bool _canEdit;
    private bool _canRetrain;
    private bool _loaded;
    private bool _saving;
    private bool _starting;
    private bool _polling;
    private bool _subscribed;
    private string? _reason;
    private bool _urgent;
    private string? _loadError;
    private string? _saveError;
    private string? _retrainError;

    [Inject] private RetrainingService Retraining { get; set; } = default!;
    [Inject] private IAuthorizationService Authorization { get; set; } = default!;
    [Inject] private IOptions<PortalOptions> Options { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<ModelRetrainingTab> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    /// <summary>Raised when a pipeline ended, since it may have added a version or moved the challenger (the page reloads).</summary>
    [Parameter] public EventCallback OnChanged { get; set; }

    private bool CanEdit => _canEdit;
    private bool CanRetrain => _canRetrain;
    private bool GlobalEnabled => Options.Value.Retraining.Enabled;
    private bool Running => _pipelines.Any(p => p.IsRunning);

    private DateTimeOffset? NextRun =>
        _state?.Policy is { Enabled: true, Triggers.Schedule: { } s } && RetrainSchedule.Problem(s.Cron) is null ? RetrainSchedule.Next(s.Cron, Time.GetUtcNow()) : null;

    protected override async Task OnParametersSetAsync()
    {
        if (AuthState is not null)
        {
            var user = (await AuthState).User;
            _by = PortalActors.Of(user);
            _canEdit = (await Authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
            _canRetrain = (await Authorization.AuthorizeAsync(user, Policies.DataScientist)).Succeeded;
        }

        await LoadAsync(withPolicy: true);
        _loaded = true;
        if (!_subscribed)
        {
            Retraining.PipelineChanged += OnPipelineChanged;
            _subscribed = true;
        }

        if (Running && !_polling) _ = PollAsync();
    }

    private async Task LoadAsync(bool withPolicy)
    {
        try
        {
            if (withPolicy)
            {
                _state = await Retraining.GetPolicyAsync(Model, _cts.Token);
                _form = RetrainPolicyForm.From(_state?.Policy ?? RetrainPolicy.Default);
            }

            _pipelines = await Retraining.ListPipelinesAsync(Model, 50, _cts.Token);
            _loadError = null;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            // The tab went away.
        }
        catch (Exception ex)
        {
            _loadError = LoadFailure.Describe(Log, ex, $"The retraining of '{Model}'");
        }
    }

    private void OnPipelineChanged(RetrainPipeline pipeline)
    {
        if (pipeline.Model != Model || _cts.IsCancellationRequested) return;
        _ = InvokeAsync(async () =>
        {
            try
            {
                var wasRunning = Running;
                await LoadAsync(withPolicy: false);
                StateHasChanged();
                if (wasRunning && !Running) await OnChanged.InvokeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The renderer went away with the circuit.
            }
        });
    }

    /// <summary>While a pipeline runs, reads the list again every <see cref="RefreshInterval"/> (events can be missed across a reconnect).</summary>
    private async Task PollAsync()
    {
        _polling = true;
        try
        {
            using var timer = new PeriodicTimer(RefreshInterval);
            while (Running && await timer.WaitForNextTickAsync(_cts.Token))
                await InvokeAsync(async () =>
                {
                    var wasRunning = Running;
                    await LoadAsync(withPolicy: false);
                    StateHasChanged();
                    if (wasRunning && !Running) await OnChanged.InvokeAsync();
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

    private async Task SaveAsync()
    {
        _saving = true;
        _saveError = null;
        try
        {
            var errors = await Retraining.SavePolicyAsync(Model, _form.ToPolicy(), _by.Name, _cts.Token);
            if (errors is not null)
            {
                _errors = errors;
                _saveError = "The policy was not saved: " + string.Join(" ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"));
                return;
            }

            _errors = new Dictionary<string, string[]>();
            await LoadAsync(withPolicy: true);
            Snackbar.Add("Retrain policy saved.", Severity.Success);
        }
        catch (Exception ex)
        {
            _saveError = UserFacingError.Describe(Log, ex, "The policy could not be saved");
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task RetrainNowAsync()
    {
        _starting = true;
        _retrainError = null;
        try
        {
            var pipeline = await Retraining.StartManualAsync(Model, _by, _reason, _urgent, _cts.Token);
            _reason = null;
            _urgent = false;
            _open.Add(pipeline.Id);
            await LoadAsync(withPolicy: false);
            if (pipeline.IsRunning)
                Snackbar.Add("Retrain started.", Severity.Info);
            else
                _retrainError = $"The retrain was {pipeline.Status}: {pipeline.Reason}";
            if (Running && !_polling) _ = PollAsync();
        }
        catch (Exception ex)
        {
            _retrainError = UserFacingError.Describe(Log, ex, "The retrain could not start");
        }
        finally
        {
            _starting = false;
        }
    }

    private void Toggle(Guid id)
    {
        if (!_open.Remove(id)) _open.Add(id);
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    public void Dispose()
    {
        if (_subscribed) Retraining.PipelineChanged -= OnPipelineChanged;
        _cts.Cancel();
        _cts.Dispose();
    }
}
