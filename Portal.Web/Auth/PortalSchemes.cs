namespace Portal.Web.Auth;

public static class PortalSchemes
{
    /// <summary>The policy scheme that picks one of the others per request.</summary>
    public const string Selector = "Portal";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Runbook fallback for tools that cannot set headers: <c>?api_key=</c>, on /ops and /metrics only.</summary>
    public const string ApiKeyQuery = "api_key";

    /// <summary>Paths served to API clients: never authenticated by the cookie, never redirected to a login page.</summary>
    public static bool AllowsQueryKey(PathString path) => path.StartsWithSegments("/ops") || path.StartsWithSegments("/metrics");

    /// <summary>The API key a request carries: the header, or on /ops and /metrics the query fallback.</summary>
    public static string? ApiKeyOf(HttpRequest request) =>
        request.Headers.TryGetValue(ApiKeyHeader, out var header) && header.Count > 0 ? header[0]
        : AllowsQueryKey(request.Path) && request.Query.TryGetValue(ApiKeyQuery, out var query) ? query[0]
        : null;

    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ops") || path.StartsWithSegments("/metrics") || IsRunbookAlias(path);

    /// <summary>The runbooks' root paths (RunbookAliasesApi) outside /api and /ops: API clients too.</summary>
    private static bool IsRunbookAlias(PathString path) =>
        path.Equals("/model/info", StringComparison.OrdinalIgnoreCase) || path.Equals("/stats", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/monitoring/stats", StringComparison.OrdinalIgnoreCase);
}
