using Portal.Core.Training;

namespace Portal.Web.Background;

/// <summary>Takes queued runs one at a time: a training uses every core, two at once would only slow both.</summary>
public sealed class TrainingWorker(TrainingQueue queue, TrainingService training, ILogger<TrainingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await training.FailAbandonedRunsAsync(stoppingToken);
        await foreach (var runId in queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                var run = await training.ExecuteAsync(runId, stoppingToken);
                if (run.Status == RunStatus.Succeeded)
                    logger.LogInformation("Run {RunId} trained {Model} v{Version} (test AUC {Auc:F3})", runId, run.Model, run.Version, run.Metrics?.Auc);
                else
                    logger.LogWarning("Run {RunId} for {Model} failed: {Error}", runId, run.Model, run.Error);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Run {RunId} could not be recorded", runId);
            }
        }
    }
}
