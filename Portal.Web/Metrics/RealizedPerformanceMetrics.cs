using Portal.Core.Performance;
using Portal.Core.Serving;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// <c>model_realized_f1</c> {model}: F1 of the champion's labelled predictions over the last 7 days, read at scrape
/// time through the dashboard's <see cref="ModelActivityCache"/> (so a scrape costs at most one report per model every
/// 30 s). Absent without a champion or labelled predictions. The realized-F1 alerts compare it with model_test_f1.
/// </summary>
public sealed class RealizedPerformanceMetrics : IDisposable
{
    private static readonly string[] Labels = ["model"];

    private readonly ModelServer _server;
    private readonly ModelActivityCache _activity;
    private readonly Gauge _f1;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private HashSet<string> _exported = new(StringComparer.Ordinal);

    public RealizedPerformanceMetrics(PortalMetrics metrics, ModelServer server, ModelActivityCache activity)
    {
        _server = server;
        _activity = activity;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _f1 = factory.CreateGauge("model_realized_f1", "F1 of the model champion's labelled predictions over the last 7 days; absent without labels.", Labels);
        metrics.Registry.AddBeforeCollectCallback(RefreshAsync);
    }

    public void Dispose() => _refresh.Dispose();

    public async Task RefreshAsync(CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var status in _server.Snapshot())
            {
                if (status.Champion is not { } champion) continue;
                var activity = await _activity.GetAsync(status.Model, champion.Version, ct);
                if (activity.Realized is not { Labelled: > 0, F1: { } f1 }) continue;
                seen.Add(status.Model);
                _f1.WithLabels(status.Model).Set(f1);
            }

            foreach (var gone in _exported.Where(m => !seen.Contains(m))) _f1.RemoveLabelled(gone);
            _exported = seen;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
