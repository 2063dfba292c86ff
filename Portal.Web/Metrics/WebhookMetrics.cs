using Portal.Core.Webhooks;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// <c>portal_webhook_deliveries_total{event,outcome}</c> (one per attempt: succeeded, retrying, failed) and
/// <c>portal_webhook_events_shed_total</c> (events dropped because the queue was full), read at scrape time.
/// </summary>
public sealed class WebhookMetrics
{
    private readonly WebhookCounts _counts;
    private readonly WebhookQueue _queue;
    private readonly Counter _deliveries;
    private readonly Counter _shed;
    private readonly Lock _refresh = new();

    public WebhookMetrics(PortalMetrics metrics, WebhookCounts counts, WebhookQueue queue)
    {
        _counts = counts;
        _queue = queue;
        var factory = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        _deliveries = factory.CreateCounter("portal_webhook_deliveries_total", "Webhook delivery attempts by event type and outcome (succeeded, retrying, failed: the last attempt failed).", ["event", "outcome"]);
        _shed = factory.CreateCounter("portal_webhook_events_shed_total", "Webhook events not delivered because the webhook queue was full.");
        metrics.Registry.AddBeforeCollectCallback(Refresh);
    }

    public void Refresh()
    {
        lock (_refresh)
        {
            foreach (var (e, outcome, count) in _counts.Snapshot()) _deliveries.WithLabels(e, outcome).IncTo(count);
            _shed.IncTo(_queue.ShedCount);
        }
    }
}
