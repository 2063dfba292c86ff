using Microsoft.Extensions.Options;
using Portal.Core.Privacy;
using Portal.Web.Background;

namespace Portal.Web.Extensions;

public static class PrivacyExtensions
{
    /// <summary>The PII backfill over the prediction log and the worker that runs (and after a restart resumes) its jobs.</summary>
    public static IServiceCollection AddPortalPrivacy(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var privacy = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Privacy;
            return new PiiScrubSettings(privacy.ScrubBatchSize, TimeSpan.FromMilliseconds(privacy.ScrubPauseMilliseconds));
        });
        services.AddSingleton<PiiScrubber>();
        services.AddHostedService<PiiScrubWorker>();
        return services;
    }
}
