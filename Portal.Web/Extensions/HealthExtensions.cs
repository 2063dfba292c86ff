using Portal.Web.Api;
using Portal.Web.Background;
using Portal.Web.Validation;

namespace Portal.Web.Extensions;

public static class HealthExtensions
{
    public static WebApplicationBuilder AddPortalHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthApi.ReadyTag])
            .AddCheck<ServingHealthCheck>("serving", tags: [HealthApi.ReadyTag]);
        builder.Services.AddPortalValidation();
        return builder;
    }
}
