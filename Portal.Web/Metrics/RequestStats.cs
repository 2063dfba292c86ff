using System.Collections.Concurrent;

namespace Portal.Web.Metrics;

/// <summary>
/// Request statistics per endpoint since start, for <c>GET /api/stats</c>. Keys are route templates (never raw
/// paths), so the number of entries is bounded by the routes the app maps, plus one for unmatched requests.
/// </summary>
public sealed class RequestStats(TimeProvider time)
{
    /// <summary>The endpoint name of requests that matched no route (404s on unknown paths).</summary>
    public const string Unmatched = "(unmatched)";

    private readonly ConcurrentDictionary<(string Method, string Endpoint), EndpointStats> _endpoints = new();

    public DateTimeOffset Since { get; } = time.GetUtcNow();

    /// <summary>The statistics of one endpoint, created on its first request (callers may keep it).</summary>
    public EndpointStats For(string method, string endpoint) =>
        _endpoints.TryGetValue((method, endpoint), out var stats) ? stats : _endpoints.GetOrAdd((method, endpoint), k => new EndpointStats(k.Method, k.Endpoint));

    public IReadOnlyList<EndpointStats> Endpoints() =>
        _endpoints.Values.OrderBy(e => e.Endpoint, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ToList();
}
