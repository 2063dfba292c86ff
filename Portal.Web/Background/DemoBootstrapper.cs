using Microsoft.Extensions.Options;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Core.Training;
using Portal.Web.Extensions;

namespace Portal.Web.Background;

/// <summary>
/// On an empty registry, trains the demo model from the bundled credit data and makes it champion, so a
/// new user lands on a working portal. With a registry that already holds models it only marks start-up done.
/// </summary>
public sealed class DemoBootstrapper(
    IOptions<PortalOptions> options,
    PortalPaths paths,
    IModelRegistry registry,
    DatasetService datasets,
    TrainingService training,
    PromotionService promotion,
    StartupState startup,
    ILogger<DemoBootstrapper> logger) : BackgroundService
{
    public const string SystemUser = "system";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value.Demo;
        try
        {
            // On PostgreSQL the database may come up after the process: nothing to look at before it is migrated.
            await startup.WhenInitialized.WaitAsync(stoppingToken);
            if (demo.Enabled && (await registry.ListModelsAsync(stoppingToken)).Count == 0)
            {
                startup.Set($"training the demo model {demo.Model}", ready: false);
                await TrainDemoAsync(demo, stoppingToken);
            }

            startup.Set("ready", ready: true);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // The portal still works without the demo; say why it is missing and carry on.
            logger.LogError(ex, "The demo model could not be set up");
            startup.Set($"ready (the demo model failed: {ex.Message})", ready: true);
        }
    }

    private async Task TrainDemoAsync(PortalOptions.DemoOptions demo, CancellationToken ct)
    {
        var file = paths.Resolve(demo.Dataset);
        DatasetInfo dataset;
        await using (var stream = File.OpenRead(file))
            dataset = await datasets.ImportAsync(stream, Path.GetFileName(file), Path.GetFileNameWithoutExtension(file), SystemUser, allowDuplicate: true, ct);

        var finished = new TaskCompletionSource<TrainingRun>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid runId = default;
        void OnFinished(TrainingRun run)
        {
            if (run.RunId == runId) finished.TrySetResult(run);
        }

        training.RunFinished += OnFinished;
        try
        {
            var run = await training.StartAsync(demo.Model, new TrainingRequest(dataset.Id, demo.Label, demo.PositiveClass), SystemUser, ct);
            runId = run.RunId;
            // The worker may have finished before runId was set above.
            if ((await training.GetRunAsync(runId, ct)) is { IsFinished: true } done) finished.TrySetResult(done);
            var result = await finished.Task.WaitAsync(ct);
            if (result.Status != RunStatus.Succeeded) throw new InvalidOperationException(result.Error);

            var version = await registry.GetVersionAsync(demo.Model, result.Version!.Value, ct)
                ?? throw new InvalidOperationException("The demo version vanished from the registry.");
            // PromotionService is the one code that moves an alias: it loads and verifies, records the move and audits it.
            var promoted = await promotion.PromoteAsync(demo.Model, version.Version, ModelAliases.Champion, new Actor(SystemUser), "Demo model trained on first start", ct);
            if (!promoted.Succeeded) throw new InvalidOperationException(promoted.Message);
            logger.LogInformation("Demo model {Model} v{Version} is serving as champion (test AUC {Auc:F3})", demo.Model, version.Version, version.Metrics.Auc);
        }
        finally
        {
            training.RunFinished -= OnFinished;
        }
    }
}
