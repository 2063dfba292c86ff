using System.Net;
using System.Threading.RateLimiting;
using Portal.Web.Auth;

namespace Portal.Web.RateLimits;

/// <summary>
/// Picks the limit of a request: sign-in posts by client address, authenticated API calls by key or user,
/// everything else unlimited. The key is a struct over strings the request already holds, so the predict path
/// allocates nothing for it.
/// </summary>
public static class RateLimitPartitions
{
    public readonly record struct Key(int Kind, string Value);

    private const int None = 0, SignIn = 1, ApiUser = 2, ApiKey = 3;

    public static RateLimitPartition<Key> For(HttpContext context, RateLimitOptions options)
    {
        var request = context.Request;
        if (IsSignIn(request))
        {
            var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
            return RateLimitPartition.GetFixedWindowLimiter(new Key(SignIn, address.ToString()), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SignIn.PermitLimit,
                Window = TimeSpan.FromSeconds(options.SignIn.WindowSeconds),
                QueueLimit = 0,
            });
        }

        if (PortalSchemes.IsApiPath(request.Path) && context.User.Identity is { IsAuthenticated: true } identity)
        {
            var key = context.User.FindFirst(PortalClaims.KeyId)?.Value is { } keyId ? new Key(ApiKey, keyId) : new Key(ApiUser, identity.Name ?? "");
            return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.Api.BurstLimit,
                TokensPerPeriod = options.Api.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                AutoReplenishment = true,
                QueueLimit = 0,
            });
        }

        return RateLimitPartition.GetNoLimiter(new Key(None, ""));
    }

    private static bool IsSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && (request.Path.Equals("/api/auth/token", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase));
}
