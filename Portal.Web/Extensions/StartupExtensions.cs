using Portal.Data;
using Portal.Web.Auth;
using Portal.Web.Background;
using Portal.Web.Metrics;

namespace Portal.Web.Extensions;

public static class StartupExtensions
{
    /// <summary>Before the first request: migrate the database, ensure the admin, load what serves and its drift scores.</summary>
    public static async Task InitializePortalAsync(this WebApplication app)
    {
        await app.Services.MigratePortalDatabaseAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAsync();
        await app.Services.GetRequiredService<ServingLoader>().LoadAsync();
        await app.Services.LoadDriftScoresAsync();
    }
}
