using Portal.Core.Validation;
using Portal.Web.Extensions;

namespace Portal.Web.Validation;

public static class ValidationExtensions
{
    /// <summary>Platform self-validation (POST /api/admin/validate, the System page) and the disk space reader behind the disk gauges.</summary>
    public static IServiceCollection AddPortalValidation(this IServiceCollection services)
    {
        services.AddSingleton<PlatformValidator>();
        services.AddSingleton<PlatformValidation>();
        services.AddSingleton(sp => new ValidationRuns(sp.GetRequiredService<PlatformValidation>().RunAsync, sp.GetRequiredService<Portal.Core.Audit.IAuditLog>()));
        services.AddSingleton(sp =>
        {
            var paths = sp.GetRequiredService<PortalPaths>();
            return new DiskUsageReader(paths.DataPath, paths.ModelsPath);
        });
        return services;
    }
}
