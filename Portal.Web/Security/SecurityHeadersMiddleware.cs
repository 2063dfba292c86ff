using Microsoft.Extensions.Primitives;

namespace Portal.Web.Security;

/// <summary>
/// Adds the security headers to every response, just before it starts (so an error page re-executed by the exception
/// handler, which clears the headers, still carries them): nosniff, the referrer policy, no framing, and the CSP, which
/// for pages names this request's nonce and for API, health and metrics responses allows nothing. HSTS is UseHsts's.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues Referrer = "strict-origin-when-cross-origin";
    private static readonly StringValues NoFrames = "DENY";
    private static readonly StringValues NonePolicy = ContentSecurityPolicy.None;

    public Task InvokeAsync(HttpContext context)
    {
        // The state overload: no closure per request (the predict path runs through here too).
        context.Response.OnStarting(static state => AddHeaders((HttpContext)state), context);
        return next(context);
    }

    private static Task AddHeaders(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = NoSniff;
        headers["Referrer-Policy"] = Referrer;
        headers.XFrameOptions = NoFrames;
        headers.ContentSecurityPolicy = IsPage(context)
            ? ContentSecurityPolicy.ForPage(context.GetCspNonce())
            : NonePolicy;
        return Task.CompletedTask;
    }

    /// <summary>An HTML document (a Blazor page, the API reference, an error page), as opposed to data or a static file.</summary>
    private static bool IsPage(HttpContext context) =>
        context.Response.ContentType is { } type && type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
