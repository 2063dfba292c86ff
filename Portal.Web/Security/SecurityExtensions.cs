using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Portal.Web.Security;

public static class SecurityExtensions
{
    /// <summary>HSTS and Secure cookies when Portal is served over HTTPS (behind TLS or on an HTTPS endpoint).</summary>
    public static WebApplicationBuilder AddPortalSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // Portal cannot speak for other hosts of its domain.
        });
        // Secure over HTTPS, and still usable on plain http://localhost.
        builder.Services.PostConfigure<CookieAuthenticationOptions>(Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme,
            o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.Configure<AntiforgeryOptions>(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        return builder;
    }

    /// <summary>First in the pipeline, so every response, error pages included, carries the headers.</summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        // UseHsts sends the header only on HTTPS requests and never for localhost; Development skips it (a browser
        // would remember it for localhost's other apps).
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseWhen(c => c.Request.Path.StartsWithSegments(ApiReferenceNonceMiddleware.Path),
            branch => branch.UseMiddleware<ApiReferenceNonceMiddleware>());
        return app;
    }
}
