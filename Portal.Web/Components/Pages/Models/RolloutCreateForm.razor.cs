using System.Globalization;
using Microsoft.AspNetCore.Components;
using Portal.Core.Auth;
using Portal.Core.Performance;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Web.Api;
using Portal.Web.Api.Contracts;
using Portal.Web.Components.Shared;

namespace Portal.Web.Components.Pages.Models;

/// <summary>
/// The Rollouts tab's form (admins only): builds the same request the API takes, so its field errors use the API's
/// field names and appear next to their fields; a second active rollout (409) is an alert.
/// </summary>
public partial class RolloutCreateForm
{
    private string _kind = "canary";
    private int? _candidate;
    private string? _steps = string.Join(",", RolloutDefaults.CanarySteps);
    private int _championWeight = RolloutDefaults.AbWeights.Champion;
    private int _candidateWeight = RolloutDefaults.AbWeights.Candidate;
    private string? _stickyKey = "header";
    private int _minSamples = RolloutDefaults.MinSamplesPerStep;
    private string? _maxDuration = "7d";
    private double _errorMarginPoints = 100 * RolloutDefaults.ErrorRateMargin;
    private double _latencyMarginMs = RolloutDefaults.P95LatencyMarginMs;
    private bool _gates = true;
    private string _gateSource = PerformanceSource.Realized;
    private bool _starting;
    private IReadOnlyDictionary<string, string[]> _errors = new Dictionary<string, string[]>();
    private List<string> _otherErrors = [];
    private string? _conflict;

    private static readonly HashSet<string> FieldNames =
        ["kind", "candidateVersion", "steps", "weights", "stickyKey", "minSamplesPerStep", "maxDuration", "rollbackOn.errorRateMargin", "rollbackOn.p95LatencyMarginMs", "gateSource"];

    [Inject] private RolloutService Rollouts { get; set; } = default!;
    [Inject] private ILogger<RolloutCreateForm> Log { get; set; } = default!;

    [Parameter, EditorRequired] public string Model { get; set; } = "";

    /// <summary>The model's versions; the form offers those neither champion nor archived.</summary>
    [Parameter] public IReadOnlyList<ModelVersionInfo> Versions { get; set; } = [];

    [Parameter] public int? Champion { get; set; }

    /// <summary>Who starts the rollout (the signed-in admin).</summary>
    [Parameter, EditorRequired] public Actor By { get; set; } = default!;

    [Parameter] public EventCallback<Rollout> OnStarted { get; set; }

    [Parameter] public EventCallback OnCancel { get; set; }

    private IReadOnlyList<ModelVersionInfo> Candidates =>
        Versions.Where(v => v.Version != Champion && v.Stage != ModelStage.Archived).OrderByDescending(v => v.Version).ToList();

    protected override void OnParametersSet() => _candidate ??= Candidates.FirstOrDefault()?.Version;

    private void OnKindChanged(string kind)
    {
        _kind = kind;
        _errors = new Dictionary<string, string[]>();
    }

    private bool HasError(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    /// <summary>The request as the API would receive it; steps that do not read as numbers are a field error.</summary>
    private (CreateRolloutRequest? Request, string? StepsError) BuildRequest()
    {
        List<int>? steps = null;
        if (_kind == "canary" && !string.IsNullOrWhiteSpace(_steps))
        {
            steps = [];
            foreach (var part in _steps.Split([',', ' ', ';', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part.TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var step))
                    return (null, $"'{part}' is not a whole percent: write e.g. 5,25,50,100.");
                steps.Add(step);
            }
        }

        var request = new CreateRolloutRequest(
            _kind,
            _candidate,
            steps,
            _kind == "ab" ? new RolloutWeightsBody(_championWeight, _candidateWeight) : null,
            _kind == "shadow" || string.IsNullOrWhiteSpace(_stickyKey) ? null : _stickyKey.Trim(),
            _minSamples,
            string.IsNullOrWhiteSpace(_maxDuration) ? null : _maxDuration.Trim(),
            new RollbackOnBody(_errorMarginPoints / 100, _latencyMarginMs, _gates),
            GateSource: _gateSource);
        return (request, null);
    }

    private async Task StartAsync()
    {
        _starting = true;
        _conflict = null;
        _otherErrors = [];
        _errors = new Dictionary<string, string[]>();
        try
        {
            var (request, stepsError) = BuildRequest();
            if (request is null)
            {
                Show(new Dictionary<string, string[]> { ["steps"] = [stepsError!] });
                return;
            }

            var (plan, errors) = RolloutRequests.ToPlan(request, defaultKind: null);
            if (plan is null)
            {
                Show(errors!);
                return;
            }

            var rollout = await Rollouts.StartAsync(Model, plan, By);
            if (rollout is null)
            {
                _otherErrors = [$"Model '{Model}' does not exist."];
                return;
            }

            await OnStarted.InvokeAsync(rollout);
        }
        catch (RolloutValidationException ex)
        {
            Show(ex.Errors);
            if (_errors.Count == 0 && _otherErrors.Count == 0) _otherErrors = [ex.Message];
        }
        catch (RolloutConflictException ex)
        {
            _conflict = ex.Message;
        }
        catch (Exception ex)
        {
            _otherErrors = [UserFacingError.Describe(Log, ex, "The rollout could not be started")];
        }
        finally
        {
            _starting = false;
        }
    }

    /// <summary>Errors on fields the form shows go next to them; the rest (e.g. a candidate that fails to load) above the buttons.</summary>
    private void Show(IReadOnlyDictionary<string, string[]> errors)
    {
        _errors = errors.Where(e => FieldNames.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        _otherErrors = errors.Where(e => !FieldNames.Contains(e.Key)).Select(e => $"{e.Key}: {string.Join(" ", e.Value)}").ToList();
    }
}
