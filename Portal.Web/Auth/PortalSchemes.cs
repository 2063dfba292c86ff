namespace Portal.Web.Auth;

public static class PortalSchemes
{
    /// <summary>The policy scheme that picks one of the others per request.</summary>
    public const string Selector = "Portal";
    public const string ApiKey = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>Paths served to API clients: never authenticated by the cookie, never redirected to a login page.</summary>
    public static bool IsApiPath(PathString path) =>
        path.StartsWithSegments("/api") || path.StartsWithSegments("/ops") || path.StartsWithSegments("/metrics");
}
