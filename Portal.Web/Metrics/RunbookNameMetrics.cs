using Portal.Core.Drift;
using Portal.Core.Serving;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// With <c>Portal:Metrics:RunbookNames</c>, seed 004's metric names beside the native ones, so its PromQL
/// (<c>time() - lead_model_version</c>, <c>lead_model_drift_score &gt; 3.0</c>) works unchanged; labelled {model} as
/// Portal serves several models. Values are the native series': lead_model_auc = model_test_auc, lead_model_version =
/// model_trained_timestamp_seconds (the seed's version is its training Unix time), lead_model_n_train =
/// model_training_rows, lead_model_drift_score = model_drift_score, lead_model_last_reload_ts = model_last_reload_timestamp_seconds.
/// </summary>
public sealed class RunbookNameMetrics
{
    private static readonly string[] Labels = ["model"];

    private readonly ModelServer _server;
    private readonly DriftScoreBoard _drift;
    private readonly Gauge _auc;
    private readonly Gauge _version;
    private readonly Gauge _trainRows;
    private readonly Gauge _driftScore;
    private readonly Gauge _reloadedAt;
    private readonly Lock _refresh = new();
    private HashSet<string> _exported = new(StringComparer.Ordinal);

    public RunbookNameMetrics(PortalMetrics metrics, ModelServer server, DriftScoreBoard drift)
    {
        _server = server;
        _drift = drift;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _auc = factory.CreateGauge("lead_model_auc", "Seed 004 name of model_test_auc: test-set AUC of the champion.", Labels);
        _version = factory.CreateGauge("lead_model_version", "Seed 004 name: when the champion was trained (Unix seconds), as model_trained_timestamp_seconds.", Labels);
        _trainRows = factory.CreateGauge("lead_model_n_train", "Seed 004 name of model_training_rows: rows the champion was trained on.", Labels);
        _driftScore = factory.CreateGauge("lead_model_drift_score", "Seed 004 name of model_drift_score: the champion's latest drift score in standard deviations.", Labels);
        _reloadedAt = factory.CreateGauge("lead_model_last_reload_ts", "Seed 004 name of model_last_reload_timestamp_seconds: when the champion was last loaded (Unix seconds).", Labels);
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    public void Refresh()
    {
        lock (_refresh)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var status in _server.Snapshot())
            {
                if (status.Champion is not { } champion) continue;
                var model = status.Model;
                seen.Add(model);
                _auc.WithLabels(model).Set(champion.Info.Metrics.Auc);
                _version.WithLabels(model).Set(champion.Info.CreatedAt.ToUnixTimeMilliseconds() / 1000.0);
                _trainRows.WithLabels(model).Set(champion.Info.Metrics.TrainRows);
                _reloadedAt.WithLabels(model).Set(champion.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
                if (_drift.Latest(model, champion.Version) is { } score) _driftScore.WithLabels(model).Set(score);
                else _driftScore.RemoveLabelled(model);
            }

            foreach (var gone in _exported.Where(m => !seen.Contains(m)))
            {
                foreach (var gauge in new[] { _auc, _version, _trainRows, _driftScore, _reloadedAt }) gauge.RemoveLabelled(gone);
            }

            _exported = seen;
        }
    }
}
