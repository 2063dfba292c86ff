using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// The <c>rollout_*</c> series, per active rollout and arm, in the portal's registry: read at scrape time from the
/// serving side's live counters (<see cref="ModelServer.RolloutOf"/>) and the decision loop's latest evidence
/// (<see cref="RolloutDecider.LatestEvidence"/>), so the predict path pays nothing for them. A rollout's series go
/// away when it ends; <c>rollout_rollbacks_total</c> stays, per model, from 0.
/// </summary>
public sealed class RolloutMetrics
{
    private static readonly string[] RolloutLabels = ["model", "rollout", "kind"];
    private static readonly string[] ArmLabels = ["model", "rollout", "kind", "arm"];

    private readonly ModelServer _server;
    private readonly RolloutDecider _decider;
    private readonly RolloutRollbackCounts _rollbacks;
    private readonly Lock _refresh = new();

    // What the last scrape exported (by a key of metric and labels), so series of an ended rollout or a left state are removed.
    private Dictionary<string, Action> _exported = new(StringComparer.Ordinal);

    private readonly Counter _requests;
    private readonly Counter _errors;
    private readonly Counter _shed;
    private readonly Gauge _share;
    private readonly Gauge _state;
    private readonly Gauge _positiveRate;
    private readonly Gauge _auc;
    private readonly Gauge _f1;
    private readonly Gauge _brier;
    private readonly Gauge _accuracy;
    private readonly Counter _rollbackCount;

    public RolloutMetrics(PortalMetrics metrics, ModelServer server, RolloutDecider decider, RolloutRollbackCounts rollbacks)
    {
        _server = server;
        _decider = decider;
        _rollbacks = rollbacks;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _requests = factory.CreateCounter("rollout_requests_total", "Requests a rollout's arm served (champion, candidate) or scored off the response path (shadow), since the rollout started in this process.", ArmLabels);
        _errors = factory.CreateCounter("rollout_errors_total", "Requests the rollout's candidate (or shadow) could not score; the champion answered them.", ArmLabels);
        _shed = factory.CreateCounter("rollout_shadow_shed_total", "Requests a shadow rollout did not score because its queue was full.", RolloutLabels);
        _share = factory.CreateGauge("rollout_candidate_share", "The candidate's share of served requests now (0..1; 0 for shadow).", RolloutLabels);
        _state = factory.CreateGauge("rollout_state", "1 for the rollout's current state (running, paused, awaiting_approval).", [.. RolloutLabels, "state"]);
        _positiveRate = factory.CreateGauge("rollout_predicted_positive_rate", "Share of the arm's logged predictions that were positive, at the latest look.", ArmLabels);
        _auc = factory.CreateGauge("rollout_realized_auc", "The arm's AUC on labelled predictions, at the latest look; absent until it can be computed.", ArmLabels);
        _f1 = factory.CreateGauge("rollout_realized_f1", "The arm's F1 on labelled predictions, at the latest look; absent until it can be computed.", ArmLabels);
        _brier = factory.CreateGauge("rollout_realized_brier", "The arm's Brier score on labelled predictions, at the latest look; absent until it can be computed.", ArmLabels);
        _accuracy = factory.CreateGauge("rollout_realized_accuracy", "The arm's accuracy on labelled predictions, at the latest look; absent until it can be computed.", ArmLabels);
        _rollbackCount = factory.CreateCounter("rollout_rollbacks_total", "Rollouts of the model rolled back automatically (by the decision loop or at start-up) since start-up.", ["model"]);
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    /// <summary>Sets the rollout series from the current state (called by the registry before each scrape).</summary>
    public void Refresh()
    {
        lock (_refresh)
        {
            var now = new Dictionary<string, Action>(StringComparer.Ordinal);
            foreach (var status in _server.Snapshot())
            {
                // From 0 for every served model, so the alert's increase() sees the first rollback too.
                _rollbackCount.WithLabels(status.Model).IncTo(_rollbacks.Of(status.Model));
                if (_server.RolloutOf(status.Model) is { } active) Export(active, now);
            }

            foreach (var (model, count) in _rollbacks.Snapshot()) _rollbackCount.WithLabels(model).IncTo(count);

            foreach (var (key, remove) in _exported)
            {
                if (!now.ContainsKey(key)) remove();
            }

            _exported = now;
        }
    }

    private void Export(ActiveRollout active, Dictionary<string, Action> now)
    {
        var rollout = active.Rollout;
        string[] labels = [rollout.Model, rollout.Id.ToString(), RolloutNames.Of(rollout.Kind)];
        string[] Arm(RolloutArm arm) => [.. labels, RolloutNames.Of(arm)];
        var live = active.Stats.Snapshot();
        var shadow = rollout.Kind == RolloutKind.Shadow;

        SetCounter(now, _requests, Arm(RolloutArm.Champion), live.ChampionServed);
        if (shadow)
        {
            SetCounter(now, _requests, Arm(RolloutArm.Shadow), live.ShadowScored);
            SetCounter(now, _errors, Arm(RolloutArm.Shadow), live.ShadowErrors);
            SetCounter(now, _shed, labels, live.ShadowShed);
        }
        else
        {
            SetCounter(now, _requests, Arm(RolloutArm.Candidate), live.CandidateServed);
            SetCounter(now, _errors, Arm(RolloutArm.Candidate), live.CandidateErrors);
        }

        SetGauge(now, _share, labels, rollout.CandidateBasisPoints / 10_000.0);
        SetGauge(now, _state, [.. labels, RolloutNames.Of(rollout.State)], 1);

        if (_decider.LatestEvidence(rollout.Id) is not { } evidence) return;
        foreach (var arm in (ArmEvidence[])[evidence.Champion, evidence.Candidate])
        {
            var armLabels = Arm(arm.Arm);
            SetGauge(now, _positiveRate, armLabels, arm.PredictedPositiveRate);
            SetGauge(now, _auc, armLabels, arm.Auc);
            SetGauge(now, _f1, armLabels, arm.F1);
            SetGauge(now, _brier, armLabels, arm.Brier);
            SetGauge(now, _accuracy, armLabels, arm.Accuracy);
        }
    }

    private static void SetCounter(Dictionary<string, Action> now, Counter counter, string[] labels, long value)
    {
        counter.WithLabels(labels).IncTo(value);
        now[Key(counter.Name, labels)] = () => counter.RemoveLabelled(labels);
    }

    /// <summary>Sets the gauge, or leaves it out (removed at the end of the refresh) when the value is null.</summary>
    private static void SetGauge(Dictionary<string, Action> now, Gauge gauge, string[] labels, double? value)
    {
        if (value is not { } v) return;
        gauge.WithLabels(labels).Set(v);
        now[Key(gauge.Name, labels)] = () => gauge.RemoveLabelled(labels);
    }

    private static string Key(string name, string[] labels) => $"{name}\u0001{string.Join('\u0001', labels)}";
}
