using Portal.Core.Training;

namespace Portal.Web.Background;

/// <summary>
/// Takes queued runs in order, at most <see cref="TrainingSettings.MaxConcurrentRuns"/> at once (one by default: each
/// training already uses every core but one, two at once would only slow both).
/// </summary>
public sealed class TrainingWorker(TrainingQueue queue, TrainingService training, StartupState startup, ILogger<TrainingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On PostgreSQL the database may come up after the process: its runs are read once it is migrated.
        await startup.WhenInitialized.WaitAsync(stoppingToken);
        await training.FailAbandonedRunsAsync(stoppingToken);
        var slots = Math.Max(1, training.Settings.MaxConcurrentRuns);
        using var free = new SemaphoreSlim(slots, slots);
        var running = new List<Task>();
        try
        {
            await foreach (var runId in queue.ReadAllAsync(stoppingToken))
            {
                // A slot first, then the run: the next run in the queue starts only when one ends.
                await free.WaitAsync(stoppingToken);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(runId, free, stoppingToken));
            }
        }
        finally
        {
            // Runs in flight see the stop through their token and record themselves as interrupted.
            await Task.WhenAll(running);
        }
    }

    private async Task RunAsync(Guid runId, SemaphoreSlim free, CancellationToken stoppingToken)
    {
        try
        {
            var run = await training.ExecuteAsync(runId, stoppingToken);
            switch (run.Status)
            {
                case RunStatus.Succeeded:
                    logger.LogInformation("Run {RunId} trained {Model} v{Version} (test AUC {Auc:F3})", runId, run.Model, run.Version, run.Metrics?.Auc);
                    break;
                case RunStatus.Cancelled:
                    logger.LogInformation("Run {RunId} for {Model} was cancelled", runId, run.Model);
                    break;
                default:
                    logger.LogWarning("Run {RunId} for {Model} failed: {Error}", runId, run.Model, run.Error);
                    break;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Run {RunId} could not be recorded", runId);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        finally
        {
            free.Release();
        }
    }
}
