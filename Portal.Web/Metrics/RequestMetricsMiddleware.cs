using System.Diagnostics;
using Microsoft.AspNetCore.Routing;

namespace Portal.Web.Metrics;

/// <summary>
/// Times every request and records it by route template, method and status in <see cref="HttpRequestMetrics"/>.
/// Sits outside the exception handler, so an unhandled exception counts as the 500 the client receives, and takes the
/// endpoint before calling on (routing has already run), since the handler clears it on re-execution.
/// </summary>
public sealed class RequestMetricsMiddleware(RequestDelegate next, HttpRequestMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
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
            metrics.Record(context.Request.Method, route, status, Stopwatch.GetElapsedTime(start));
        }
    }
}
