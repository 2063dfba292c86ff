using System.Globalization;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Serving;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// <c>model_estimated_auc</c> and <c>model_estimated_f1</c> {model, version}: performance estimated without labels (CBPE)
/// of each version of a served model over the latest complete hour in which it served predictions (within the last day),
/// computed at scrape time from the prediction log. A version without an estimation reference or such an hour has no series.
/// A model's report is kept until the hour ends or the window's served count (hourly counters: no scan) changes: a day of
/// a busy model is millions of scores (2.4 s at 100M rows), and every scrape of the hour would read the same ones.
/// </summary>
public sealed class EstimatedPerformanceMetrics : IDisposable
{
    private static readonly string[] Labels = ["model", "version"];
    private static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    private readonly ModelServer _server;
    private readonly PerformanceService _performance;
    private readonly IPredictionStore _predictions;
    private readonly TimeProvider _time;
    private readonly Gauge _auc;
    private readonly Gauge _f1;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private HashSet<(string Model, string Version)> _exported = [];
    private readonly Dictionary<string, (DateTimeOffset End, long Served, PerformanceReport? Report)> _reports = [];

    public EstimatedPerformanceMetrics(PortalMetrics metrics, ModelServer server, PerformanceService performance, IPredictionStore predictions, TimeProvider time)
    {
        _server = server;
        _performance = performance;
        _predictions = predictions;
        _time = time;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _auc = factory.CreateGauge("model_estimated_auc", "AUC of the version estimated without labels (CBPE) over the latest complete hour with predictions.", Labels);
        _f1 = factory.CreateGauge("model_estimated_f1", "F1 of the version estimated without labels (CBPE) over the latest complete hour with predictions.", Labels);
        metrics.Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    public void Dispose() => _refresh.Dispose();

    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var end = RealizedPerformance.BucketStart(_time.GetUtcNow(), RealizedPerformance.Hour);
            var seen = new HashSet<(string, string)>();
            var models = new HashSet<string>();
            foreach (var status in _server.Snapshot())
            {
                models.Add(status.Model);
                var served = (await _predictions.QueryAsync(new PredictionQuery(status.Model, From: end - Lookback, To: end, Take: 1), ct)).Total;
                if (!_reports.TryGetValue(status.Model, out var kept) || kept.End != end || kept.Served != served)
                    _reports[status.Model] = kept = (end, served, await _performance.GetAsync(status.Model, end - Lookback, end, RealizedPerformance.Hour, estimated: true, ct));
                var report = kept.Report;
                foreach (var version in report?.Versions ?? [])
                {
                    var latest = version.Estimation?.Buckets.OrderBy(b => b.Key).Select(b => b.Value).LastOrDefault();
                    if (latest is null) continue;
                    var key = (status.Model, version.Version.ToString(CultureInfo.InvariantCulture));
                    seen.Add(key);
                    if (latest.Auc is { } auc) _auc.WithLabels(key.Item1, key.Item2).Set(auc.Value);
                    else _auc.RemoveLabelled(key.Item1, key.Item2);
                    _f1.WithLabels(key.Item1, key.Item2).Set(latest.F1.Value);
                }
            }

            foreach (var (model, version) in _exported.Where(k => !seen.Contains(k)))
            {
                _auc.RemoveLabelled(model, version);
                _f1.RemoveLabelled(model, version);
            }

            _exported = seen;
            foreach (var model in _reports.Keys.Where(m => !models.Contains(m)).ToList()) _reports.Remove(model);
        }
        finally
        {
            _refresh.Release();
        }
    }
}
