using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Portal.Web.Api.Errors;

/// <summary>A client's malformed request: answered with a ProblemDetails naming the field, logged at Debug (never Error).</summary>
public sealed partial class BadRequestExceptionHandler(ILogger<BadRequestExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad) return false;
        var problem = BadRequestProblems.From(bad, httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize);
        LogRejected(logger, httpContext.Request.Method, httpContext.Request.Path, problem.Detail);
        if (httpContext.Response.HasStarted) return true;
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        await ProblemResponses.WriteAsync(httpContext, problem, exception);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected {Method} {Path}: {Detail}")]
    private static partial void LogRejected(ILogger logger, string method, string path, string? detail);
}
