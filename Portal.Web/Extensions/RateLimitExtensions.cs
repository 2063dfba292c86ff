using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Web.Auth;
using Portal.Web.RateLimits;

namespace Portal.Web.Extensions;

public static class RateLimitExtensions
{
    /// <summary>ASP.NET Core's rate limiter with the portal's partitions (<see cref="RateLimitPartitions"/>) and the sign-in lockout backoff.</summary>
    public static WebApplicationBuilder AddPortalRateLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordCheck>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) => new ValueTask(WriteRejectionAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(1)));
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((o, limits) =>
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, RateLimitPartitions.Key>(context => RateLimitPartitions.For(context, limits.Value)));
        return builder;
    }

    /// <summary>After authentication, so API calls are limited per key or user.</summary>
    public static WebApplication UsePortalRateLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        return app;
    }

    /// <summary>429 with Retry-After (whole seconds, at least 1) and a ProblemDetails saying when to try again.</summary>
    public static Task WriteRejectionAsync(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"Too many requests from this client: try again in {seconds} s.").ExecuteAsync(context);
    }
}
