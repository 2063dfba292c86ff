using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Core.Datasets;
using Portal.Core.Predictions;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Data;
using Portal.Web.Background;

namespace Portal.Web.Extensions;

public static class CoreServicesExtensions
{
    /// <summary>The registry, training, serving and prediction log, with their background workers.</summary>
    public static WebApplicationBuilder AddPortalCore(this WebApplicationBuilder builder, PortalPaths paths)
    {
        var services = builder.Services;
        services.AddPortalServices(paths);
        services.AddPortalArtefactOptions(builder.Configuration);
        services.AddSingleton<StartupState>();
        services.AddSingleton<ServingLoader>();
        services.AddHostedService<TrainingWorker>();
        services.AddHostedService<PredictionLogWriter>();
        services.AddHostedService<ShadowScoringWorker>(); // after the writer, so it stops first and its last scores are stored
        services.AddHostedService<PredictionRetentionWorker>();
        services.AddHostedService<DemoBootstrapper>();
        services.AddHostedService<DriftScheduler>();
        services.AddHostedService<RolloutDecisionWorker>();
        services.AddPortalWebhookDelivery();
        services.AddHostedService<RetrainingScheduler>();
        // Resolvable as itself too, so a pass can be run on demand (tests, after a restore).
        services.AddSingleton<InsightBackfillWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightBackfillWorker>());
        services.AddPortalPrivacy();
        return builder;
    }

    /// <summary>
    /// The Core services over the SQLite stores, without background workers: the app adds its workers on top,
    /// and component tests build the same graph on a temporary folder.
    /// </summary>
    public static IServiceCollection AddPortalServices(this IServiceCollection services, PortalPaths paths)
    {
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<Portal.Web.Fleet.ReplicaIdentity>();
        services.TryAddSingleton<Portal.Core.Webhooks.IWebhookPublisher, Portal.Core.Webhooks.NoWebhookPublisher>();
        services.AddPortalData(paths.Provider, paths.ConnectionString);
        services.AddPortalWebhookServices(paths);
        services.AddSingleton(sp => Portal.Web.Artefacts.ArtefactBackend.Create(sp.GetRequiredService<IOptions<ArtefactOptions>>().Value, paths));
        services.AddSingleton(sp => sp.GetRequiredService<Portal.Web.Artefacts.ArtefactBackend>().CreateDatasetFiles());
        services.AddSingleton(sp => new DatasetService(
            sp.GetRequiredService<IDatasetStore>(),
            sp.GetRequiredService<DatasetFiles>(),
            sp.GetRequiredService<IOptions<PortalOptions>>().Value.Datasets.MaxUploadBytes,
            sp.GetRequiredService<Portal.Core.Audit.IAuditLog>()));
        services.AddSingleton<DatasetChanges>();
        services.AddSingleton(sp => sp.GetRequiredService<Portal.Web.Artefacts.ArtefactBackend>().CreateStore());
        services.AddSingleton<ModelServer>();
        services.AddSingleton(sp =>
        {
            var serving = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Serving;
            return new PredictionLog(serving.PredictionLogCapacity, serving.RecordPredictions);
        });
        services.AddSingleton(sp => new ShadowQueue(sp.GetRequiredService<IOptions<PortalOptions>>().Value.Rollouts.ShadowQueue));
        services.AddSingleton<PredictionService>();
        services.AddSingleton<TrainingQueue>();
        services.AddSingleton(sp =>
        {
            var training = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Training;
            return new TrainingSettings(training.MaxConcurrentRuns, training.MaxThreads, training.MaxSweepCandidates, training.LargeDatasetRows);
        });
        services.AddSingleton<TrainingService>();
        services.AddSingleton<DriftScoreBoard>();
        services.AddSingleton(sp =>
        {
            var monitoring = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Monitoring;
            return new DriftSettings(monitoring.DriftWindowHours, monitoring.DriftMinRows, monitoring.DriftMaxRows);
        });
        services.AddSingleton<DriftService>();
        services.AddSingleton(sp =>
        {
            var monitoring = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Monitoring;
            return new ModelHealthSettings(TimeSpan.FromHours(monitoring.StaleAfterHours), monitoring.DriftScoreThreshold);
        });
        services.AddSingleton<ModelStatusReader>();
        services.AddSingleton<PromotionService>();
        services.AddSingleton<Portal.Core.Rollouts.RolloutRollbackCounts>();
        services.AddSingleton<Portal.Core.Rollouts.RolloutService>();
        services.AddSingleton(sp =>
        {
            var interval = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<PortalOptions>>().Value.Rollouts.DecisionIntervalSeconds);
            var recorder = new RolloutLookRecorder(sp.GetRequiredService<IRolloutLookStore>(), new RolloutLookSettings(interval));
            // A look that cannot be stored only thins the charts: the decision it belongs to goes on.
            var log = sp.GetRequiredService<ILogger<RolloutLookRecorder>>();
            recorder.StoreFailed += (id, ex) => log.LogWarning(ex, "A look at rollout {Rollout} could not be stored; the decision went on without it", id);
            return recorder;
        });
        services.AddSingleton<Portal.Core.Rollouts.RolloutDecider>();
        services.AddSingleton<FeatureRangeBackfill>();
        services.AddSingleton<Portal.Core.Explanations.InsightBackfill>();
        services.AddPortalArtefactLimits();
        services.AddSingleton<ModelImporter>();
        services.AddSingleton<EnsembleBuilder>();
        services.AddSingleton<EnsembleStatusReader>();
        services.AddSingleton<ModelCardService>();
        services.AddSingleton<LabelIngestion>();
        services.AddSingleton<PerformanceService>();
        services.AddSingleton<ModelActivityCache>();
        services.AddSingleton<PredictionCsvExport>();
        services.AddSingleton<Portal.Core.Retraining.RetrainDataBuilder>();
        services.AddSingleton<Portal.Core.Retraining.RetrainTriggerCheck>();
        services.AddSingleton<Portal.Core.Retraining.RetrainingService>();
        services.AddSingleton(sp => new Portal.Core.Backup.BackupService(new Portal.Data.Backup.SqliteBackupDatabase(paths.ConnectionString),
            new Portal.Core.Backup.BackupFolders(paths.DataPath, paths.ModelsPath) { DatabaseFile = paths.DatabaseFile }, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PiiRedactor(sp.GetRequiredService<IOptions<PortalOptions>>().Value.Monitoring.PiiFields));
        return services;
    }
}
