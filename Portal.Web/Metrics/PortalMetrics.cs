using Microsoft.Extensions.Options;
using Portal.Core.Drift;
using Portal.Core.Statistics;
using Portal.Core.Serving;
using Portal.Core.Predictions;
using Portal.Web.Extensions;
using Prometheus;
using Histogram = Prometheus.Histogram;

namespace Portal.Web.Metrics;

/// <summary>
/// The portal's Prometheus metrics, in a registry of its own (one per app, so several portals in one process,
/// as in the tests, never mix their series). Serving gauges are refreshed at scrape time from the model
/// server, the drift score board and the prediction log; nothing polls in between.
/// </summary>
public sealed class PortalMetrics
{
    /// <summary>Upper bounds of the HTTP duration histogram (seconds); 1 s is one, for the p95 alert.</summary>
    public static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Upper bounds of the prediction probability histogram.</summary>
    public static readonly double[] ProbabilityBuckets = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];

    private static readonly string[] HttpLabels = ["code", "method", "endpoint"];
    private static readonly string[] ModelLabel = ["model"];

    private readonly ModelServer _server;
    private readonly DriftScoreBoard _drift;
    private readonly PredictionLog _log;
    private readonly HashSet<string> _exported = new(StringComparer.Ordinal);
    private readonly Lock _refresh = new();

    private readonly Gauge _loaded;
    private readonly Gauge _version;
    private readonly Gauge _auc;
    private readonly Gauge _trainRows;
    private readonly Gauge _trainedAt;
    private readonly Gauge _driftScore;
    private readonly Gauge _driftShare;
    private readonly Gauge _testF1;
    private readonly Gauge _reloadedAt;
    private readonly Gauge _queueLength;
    private readonly Gauge _queueCapacity;
    private readonly Counter _dropped;

    public PortalMetrics(ModelServer server, DriftScoreBoard drift, PredictionLog log, IOptions<PortalOptions> options)
    {
        _server = server;
        _drift = drift;
        _log = log;
        AllowAnonymous = options.Value.Metrics.AllowAnonymous;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        HttpRequests = factory.CreateCounter("http_requests_total", "HTTP requests served, by status code, method and endpoint (route template).", HttpLabels);
        HttpDuration = factory.CreateHistogram("http_request_duration_seconds", "HTTP request duration in seconds, by status code, method and endpoint (route template).",
            HttpLabels, new HistogramConfiguration { Buckets = DurationBuckets });

        Predictions = factory.CreateCounter("predictions_total", "Predictions answered, by model, version and outcome (the predicted label).", ["model", "version", "outcome"]);
        Probability = factory.CreateHistogram("prediction_probability", "Predicted probability of the positive class, by model.",
            ModelLabel, new HistogramConfiguration { Buckets = ProbabilityBuckets });

        _loaded = factory.CreateGauge("model_loaded",
            "1 when the model's champion is loaded and serving, 0 when the registry names a champion that failed to load; absent for a model that never had a champion.", ModelLabel);
        _version = factory.CreateGauge("model_champion_version", "Version number of the model's serving champion.", ModelLabel);
        _auc = factory.CreateGauge("model_test_auc", "Test-set AUC of the model's champion, measured at training.", ModelLabel);
        _trainRows = factory.CreateGauge("model_training_rows", "Rows the model's champion was trained on.", ModelLabel);
        _trainedAt = factory.CreateGauge("model_trained_timestamp_seconds", "When the model's champion was trained (Unix seconds); the stale-model alert uses it.", ModelLabel);
        _driftScore = factory.CreateGauge("model_drift_score", "Latest drift score of the model: mean shift in reference standard deviations.", ModelLabel);
        _driftShare = factory.CreateGauge("model_drift_share", "Share of drifted features (0..1) in the latest drift run of the model's champion; the drift-share alerts use it.", ModelLabel);
        _testF1 = factory.CreateGauge("model_test_f1", "Test-set F1 of the model's champion, measured at training; the realized-F1 alerts compare with it.", ModelLabel);
        _reloadedAt = factory.CreateGauge("model_last_reload_timestamp_seconds", "When the model's champion was last loaded (Unix seconds).", ModelLabel);
        _queueLength = factory.CreateGauge("prediction_log_queue_length", "Prediction records waiting for the batch writer.");
        _queueCapacity = factory.CreateGauge("prediction_log_capacity", "Capacity of the prediction log queue; records beyond it are shed and counted.");
        _dropped = factory.CreateCounter("prediction_log_dropped_total", "Prediction records lost: shed because the prediction log queue was full, or in a batch the database refused.");

        Registry.AddBeforeCollectCallback(Refresh);
    }

    public CollectorRegistry Registry { get; }

    /// <summary><c>Portal:Metrics:AllowAnonymous</c>: scrape /metrics without a credential.</summary>
    public bool AllowAnonymous { get; }

    public Counter HttpRequests { get; }
    public Histogram HttpDuration { get; }
    public Counter Predictions { get; }
    public Histogram Probability { get; }

    /// <summary>Sets the serving gauges from the current state (called by the registry before each scrape).</summary>
    public void Refresh()
    {
        lock (_refresh)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var status in _server.Snapshot())
            {
                var model = status.Model;
                seen.Add(model);
                var champion = status.Champion;
                // A model that never had a champion is not "not loaded": only a champion that failed to load (the loader
                // recorded why) exports 0, so ModelNotLoaded never fires for a model still being trained.
                if (champion is not null || status.LastError is not null) _loaded.WithLabels(model).Set(champion is null ? 0 : 1);
                else _loaded.RemoveLabelled(model);
                if (champion is not null)
                {
                    _testF1.WithLabels(model).Set(champion.Info.Metrics.F1);
                    _version.WithLabels(model).Set(champion.Version);
                    _auc.WithLabels(model).Set(champion.Info.Metrics.Auc);
                    _trainRows.WithLabels(model).Set(champion.Info.Metrics.TrainRows);
                    _trainedAt.WithLabels(model).Set(champion.Info.CreatedAt.ToUnixTimeMilliseconds() / 1000.0);
                    _reloadedAt.WithLabels(model).Set(champion.LoadedAt.ToUnixTimeMilliseconds() / 1000.0);
                }
                else
                {
                    RemoveChampionSeries(model);
                }

                if (_drift.Latest(model, champion?.Version) is { } score) _driftScore.WithLabels(model).Set(score);
                else _driftScore.RemoveLabelled(model);
                if (_drift.LatestShare(model, champion?.Version) is { } share) _driftShare.WithLabels(model).Set(share);
                else _driftShare.RemoveLabelled(model);
            }

            foreach (var gone in _exported.Where(m => !seen.Contains(m)).ToList())
            {
                _loaded.RemoveLabelled(gone);
                _driftScore.RemoveLabelled(gone);
                _driftShare.RemoveLabelled(gone);
                RemoveChampionSeries(gone);
            }

            _exported.Clear();
            _exported.UnionWith(seen);

            _queueLength.Set(_log.Pending);
            _queueCapacity.Set(_log.Capacity);
            _dropped.IncTo(_log.Dropped);
        }
    }

    private void RemoveChampionSeries(string model)
    {
        _version.RemoveLabelled(model);
        _auc.RemoveLabelled(model);
        _testF1.RemoveLabelled(model);
        _trainRows.RemoveLabelled(model);
        _trainedAt.RemoveLabelled(model);
        _reloadedAt.RemoveLabelled(model);
    }
}
