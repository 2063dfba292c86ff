using Microsoft.Extensions.Options;
using Portal.Core.Rollouts;
using Portal.Data;
using Portal.Web.Auth;
using Portal.Web.Background;
using Portal.Web.Metrics;

namespace Portal.Web.Extensions;

public static class StartupExtensions
{
    /// <summary>Before the first request: migrate the database, ensure the admin, load what serves (with the active rollouts) and its drift scores.</summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        ThreadPoolFloor.Apply(app.Services.GetRequiredService<IOptions<PortalOptions>>().Value.Serving.MinWorkerThreads);
        await app.Services.MigratePortalDatabaseAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAsync();
        await app.Services.GetRequiredService<ServingLoader>().LoadAsync();
        // Active rollouts split traffic again before /health/ready answers 200: a restart resumes them where they were.
        await app.Services.GetRequiredService<RolloutService>().RestoreAsync();
        await app.Services.LoadDriftScoresAsync();
        // Before the scheduler's first pass: a pipeline the last process left running ends failed, never resumed.
        await app.Services.GetRequiredService<Portal.Core.Retraining.RetrainingService>().FailInterruptedAsync();
    }
}
