using Portal.Core.Explanations;
using Portal.Core.Registry;

namespace Portal.Web.Background;

/// <summary>
/// Once start-up is done (never before readiness, never on a request), gives every version registered before Portal
/// kept them its explanation background, calibration, CBPE reference, importance and mean |SHAP|
/// (<see cref="InsightBackfill"/>), one version at a time. A failure is logged and the next version goes on.
/// </summary>
public sealed class InsightBackfillWorker(InsightBackfill backfill, IModelRegistry registry, StartupState startup, ILogger<InsightBackfillWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await startup.WhenReady.WaitAsync(stoppingToken);
            await RunOnceAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is left is done at the next start.
        }
    }

    /// <summary>One pass over every version; returns how many were given something.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        var backfilled = 0;
        foreach (var summary in await registry.ListModelsAsync(ct))
        {
            foreach (var version in (await registry.GetModelAsync(summary.Name, ct))?.Versions ?? [])
            {
                if (backfill.Missing(version).Count == 0) continue;
                try
                {
                    if (await backfill.FillAsync(version, ct) is not { } result) continue;
                    if (result.Filled.Count > 0)
                    {
                        backfilled++;
                        logger.LogInformation("Computed the {Parts} of {Model} v{Version} from dataset #{DatasetId}",
                            string.Join(", ", result.Filled), version.Model, version.Version, version.DatasetId);
                    }

                    if (result.Note is not null)
                        logger.LogInformation("Some insights of {Model} v{Version} cannot be computed: {Reason}", version.Model, version.Version, result.Note);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                {
                    logger.LogWarning(ex, "Could not compute the missing insights of {Model} v{Version}; it is tried again at the next start", version.Model, version.Version);
                }
            }
        }

        return backfilled;
    }
}
