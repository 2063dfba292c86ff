using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;
using Portal.Core.Fleet;
using Portal.Data;
using Portal.Web.Fleet;

namespace Portal.Web.Extensions;

public static class FleetSyncExtensions
{
    /// <summary>
    /// On PostgreSQL, replicas agree: changes are announced with NOTIFY and applied by every other replica's listener, a
    /// periodic pass reconciles what serves with the registry, and the data-protection keys and the JWT signing key
    /// live in the database. On SQLite (one process) nothing is added. Call after <see cref="AuthExtensions.AddPortalAuth"/>.
    /// </summary>
    public static WebApplicationBuilder AddPortalFleetSync(this WebApplicationBuilder builder, PortalPaths paths)
    {
        if (paths.Provider != DatabaseProvider.Postgres) return builder;
        var services = builder.Services;
        services.AddOptions<FleetSyncOptions>()
            .Bind(builder.Configuration.GetSection(FleetSyncOptions.Section))
            .Validate(o => o.ReconcileSeconds is >= 1 and <= 3600, "Portal:Fleet:ReconcileSeconds must be between 1 and 3600.")
            .ValidateOnStart();

        services.AddSingleton(new FleetSyncDatabase(paths.ConnectionString));
        services.AddSingleton<IRegistryChangeAnnouncer, RegistryChangeAnnouncer>();
        services.AddSingleton<ServingReconciler>();
        services.AddSingleton<FleetSyncApplier>();
        services.AddHostedService<FleetSyncListener>();
        services.AddHostedService<FleetSyncReconcileWorker>();

        // A cookie or antiforgery token protected by one replica must be readable by every other.
        services.AddDataProtection().PersistKeysToDbContext<PortalDbContext>().SetApplicationName("Portal");
        // Without a configured key, one generated key shared through the database (AuthExtensions registers a configured one).
        services.TryAddSingleton<SymmetricSecurityKey>(sp =>
            SharedJwtSigningKey.Load(sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(), sp.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
