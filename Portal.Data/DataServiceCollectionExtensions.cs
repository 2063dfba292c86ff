using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Predictions;
using Portal.Core.Drift;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;
using Portal.Data.Stores;

namespace Portal.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>Registers the SQLite context factory and the stores behind Core's interfaces.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, string connectionString) =>
        services.AddPortalData(DatabaseProvider.Sqlite, connectionString);

    /// <summary>Registers the context factory on <paramref name="provider"/> and the stores behind Core's interfaces.</summary>
    public static IServiceCollection AddPortalData(this IServiceCollection services, DatabaseProvider provider, string connectionString)
    {
        if (provider == DatabaseProvider.Postgres)
            services.AddDbContextFactory<PortalDbContext>(o => o.UseNpgsql(connectionString, n => n.MigrationsAssembly(DatabaseProviders.PostgresMigrationsAssembly)));
        else
            services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(connectionString));
        services.AddSingleton<IDatasetStore, DatasetStore>();
        services.AddSingleton<IModelRegistry, ModelRegistryStore>();
        services.AddSingleton<ITrainingRunStore, TrainingRunStore>();
        services.AddSingleton<IPredictionStore, PredictionStore>();
        services.AddSingleton<ILabelStore, LabelStore>();
        services.AddSingleton<IApiKeyStore, ApiKeyStore>();
        services.AddSingleton<IGateStore, GateStore>();
        services.AddSingleton<IAuditLog, AuditLogStore>();
        services.AddSingleton<IDriftRunStore, DriftRunStore>();
        services.AddSingleton<IRolloutStore, RolloutStore>();
        services.AddSingleton<IRolloutEvidenceStore, RolloutEvidenceStore>();
        services.AddSingleton<IRolloutLookStore, RolloutLookStore>();
        services.AddSingleton<Portal.Core.Webhooks.IWebhookStore, WebhookStore>();
        services.AddSingleton<Portal.Core.Retraining.IRetrainingStore, RetrainingStore>();
        services.AddSingleton<Portal.Core.Privacy.IPiiScrubStore, PiiScrubStore>();
        services.AddSingleton<Portal.Core.Fleet.ILeaseStore, LeaseStore>();
        services.AddSingleton<Portal.Core.Fleet.IReplicaStore, ReplicaStore>();
        return services;
    }

    /// <summary>
    /// Key of the PostgreSQL advisory lock held around migrations, so replicas starting together migrate one at a
    /// time (the others wait, then find nothing pending). Fixed: every replica of every version must agree on it.
    /// </summary>
    public const long MigrationLockKey = 0x504F_5254_414C_4D31; // "PORTALM1"

    /// <summary>Applies pending migrations and turns on WAL so readers never wait for the writer.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        if (db.Database.IsNpgsql())
        {
            await MigratePostgresAsync(db, ct);
            return;
        }

        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>Migrates under a session-level advisory lock on one connection, released even when a migration fails.</summary>
    private static async Task MigratePostgresAsync(PortalDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})", ct);
            try
            {
                // Npgsql's history repository reads the history table without checking that it exists and logs the
                // failure as an error on a fresh database (npgsql/efcore.pg#3407); EF's own script creates it first.
                await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
                await db.Database.MigrateAsync(ct);
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
