using System.Collections.Concurrent;

namespace Portal.Core.Webhooks;

/// <summary>Attempts by event type and outcome since start-up, read by the metrics at scrape time.</summary>
public sealed class WebhookCounts
{
    public const string Succeeded = "succeeded";
    public const string Retrying = "retrying";
    public const string Failed = "failed";

    private readonly ConcurrentDictionary<(string Event, string Outcome), long> _counts = new();

    public void Count(string eventType, string outcome) => _counts.AddOrUpdate((eventType, outcome), 1, (_, n) => n + 1);

    public IReadOnlyList<(string Event, string Outcome, long Count)> Snapshot() =>
        _counts.Select(kv => (kv.Key.Event, kv.Key.Outcome, kv.Value)).ToList();
}
