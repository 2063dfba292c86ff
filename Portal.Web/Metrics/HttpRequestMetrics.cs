using System.Collections.Concurrent;
using System.Globalization;
using Prometheus;

namespace Portal.Web.Metrics;

/// <summary>
/// Where a finished request is counted: <see cref="RequestStats"/> (for /api/stats) and Prometheus'
/// http_requests_total and http_request_duration_seconds (labels code, method, endpoint). The three destinations are
/// resolved once per (method, route, status) and cached, so a request costs a dictionary read and atomic updates.
/// </summary>
public sealed class HttpRequestMetrics(RequestStats stats, Counter requests, Histogram duration)
{
    private readonly ConcurrentDictionary<(string Method, string? Route, int Status), Series> _series = new();

    /// <summary><paramref name="route"/> is the matched route template, or null when no route matched.</summary>
    public void Record(string method, string? route, int status, TimeSpan elapsed)
    {
        var key = (method, route, status);
        if (!_series.TryGetValue(key, out var series)) series = _series.GetOrAdd(key, Create);
        series.Stats.Record(status, elapsed.TotalMilliseconds);
        series.Count.Inc();
        series.Duration.Observe(elapsed.TotalSeconds);
    }

    private Series Create((string Method, string? Route, int Status) key)
    {
        // Prometheus labels an unmatched request with an empty endpoint; /api/stats names it.
        string[] labels = [key.Status.ToString(CultureInfo.InvariantCulture), key.Method, key.Route ?? ""];
        return new Series(stats.For(key.Method, key.Route ?? RequestStats.Unmatched), requests.WithLabels(labels), duration.WithLabels(labels));
    }

    private sealed record Series(EndpointStats Stats, Counter.Child Count, Histogram.Child Duration);
}
