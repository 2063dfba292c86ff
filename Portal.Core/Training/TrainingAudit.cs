using Portal.Core.Audit;
using Portal.Core.Datasets;

namespace Portal.Core.Training;

/// <summary>
/// Training runs in the audit log: the person who started the run is the actor of each of its entries (started,
/// succeeded, failed); the target is the model, or "model vN" once the run has made version N.
/// </summary>
public static class TrainingAudit
{
    public static Task RecordTrainingAsync(this IAuditLog audit, string action, TrainingRun run, DatasetInfo? dataset, CancellationToken ct = default)
    {
        var target = run.Version is { } version ? $"{run.Model} v{version}" : run.Model;
        object details = run.Status switch
        {
            RunStatus.Succeeded => new
            {
                runId = run.RunId,
                version = run.Version,
                auc = run.Metrics?.Auc,
                chosen = run.Sweep?.ChosenCandidate().Trainer.ToString(),
                seconds = Seconds(run),
            },
            RunStatus.Failed => new { runId = run.RunId, reason = run.Error, seconds = Seconds(run) },
            _ => new
            {
                runId = run.RunId,
                datasetId = run.Request.DatasetId,
                dataset = dataset?.Name,
                label = run.Request.Label,
                positiveClass = run.Request.PositiveClass,
                trainer = run.Request.Trainer.ToString(),
                testFraction = run.Request.TestFraction,
                seed = run.Request.Seed,
                options = run.Request.Options,
                sweep = run.Request.Sweep is { } sweep
                    ? new { trainers = sweep.Trainers.Select(t => t.ToString()).ToArray(), folds = sweep.Folds, candidates = SweepGrid.Count(sweep) }
                    : null,
            },
        };
        return audit.RecordAsync(run.CreatedBy, action, target, details, ct);
    }

    private static double? Seconds(TrainingRun run) =>
        run.FinishedAt is { } end ? Math.Round((end - run.CreatedAt).TotalSeconds, 1) : null;
}
