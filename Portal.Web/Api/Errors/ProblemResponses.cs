using Microsoft.AspNetCore.Mvc;

namespace Portal.Web.Api.Errors;

/// <summary>Writes a ProblemDetails from middleware, whatever the client's Accept header says.</summary>
public static class ProblemResponses
{
    /// <summary>
    /// Through the problem details service when a writer accepts the request; otherwise (e.g. <c>Accept: text/html</c>,
    /// which the JSON writer declines) as application/problem+json anyway, not an exception and an empty 500.
    /// </summary>
    public static async Task WriteAsync(HttpContext http, ProblemDetails problem, Exception? exception = null)
    {
        var service = http.RequestServices.GetService<IProblemDetailsService>();
        if (service is not null && await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception }))
            return;
        problem.Extensions.TryAdd("traceId", http.TraceIdentifier);
        await TypedResults.Problem(problem).ExecuteAsync(http);
    }
}
