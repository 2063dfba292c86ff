using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Portal.Web.Monitoring;

/// <summary>
/// Times every request and records it, by route template, in <see cref="RequestStats"/> (for /api/stats).
/// Sits outside the exception handler, so an unhandled exception counts as the 500 the client receives, and
/// takes the endpoint before calling on (routing has already run), since the handler clears it on re-execution.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, RequestStats stats)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? RequestStats.Unmatched;
        var start = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            stats.Record(context.Request.Method, endpoint, status, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
