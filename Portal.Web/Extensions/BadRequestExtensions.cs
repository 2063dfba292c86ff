using Microsoft.AspNetCore.Diagnostics;
using Portal.Web.Api.Errors;

namespace Portal.Web.Extensions;

public static class BadRequestExtensions
{
    /// <summary>Minimal APIs throw on a bad request (instead of a bare 400) so one handler answers with the field and the problem.</summary>
    public static IServiceCollection AddPortalBadRequests(this IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        return services;
    }

    /// <summary>A client's mistake is not an error of the portal: the exception middleware does not log it at Error.</summary>
    public static bool IsClientMistake(ExceptionHandlerSuppressDiagnosticsContext context) => context.Exception is BadHttpRequestException;
}
