using Microsoft.EntityFrameworkCore;
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
    public static IServiceCollection AddPortalData(this IServiceCollection services, string connectionString)
    {
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
        return services;
    }

    /// <summary>Applies pending migrations and turns on WAL so readers never wait for the writer.</summary>
    public static async Task MigratePortalDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
