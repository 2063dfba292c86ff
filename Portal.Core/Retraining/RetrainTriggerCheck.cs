using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Registry;
using Portal.Core.Rollouts;

namespace Portal.Core.Retraining;

/// <summary>
/// The drift, labels and performance triggers of a policy, checked against "the last retrain": the start of the model's
/// last pipeline, or when it has none, the champion's registration (what came before the champion was trained is old news).
/// </summary>
public sealed class RetrainTriggerCheck(IRetrainingStore store, IDriftRunStore driftRuns, PerformanceService performance, TimeProvider time)
{
    /// <summary>Labelled predictions the realized metric needs before the performance trigger believes it (an AUC of fewer is mostly noise).</summary>
    public const int MinLabelledForPerformance = RolloutDefaults.MinLabelledPerArm;

    /// <summary>The first trigger of drift, labels, performance (in that order) that fires, or null.</summary>
    public async Task<RetrainFiring?> FirstFiringAsync(RetrainPolicy policy, ModelVersionInfo champion, DateTimeOffset? lastStart, CancellationToken ct = default)
    {
        var triggers = policy.Normalized().Triggers!;
        var since = lastStart is { } last && last > champion.CreatedAt ? last : champion.CreatedAt;

        if (triggers.Drift is { } drift && await driftRuns.LatestAsync(champion.Model, ct) is { } run
            && run.Version == champion.Version && run.At > since && Rank(run.Status) >= Rank(drift.Level))
            return new RetrainFiring(RetrainNames.Drift, new RetrainEvidence(DriftRunId: run.Id, DriftStatus: run.Status, DriftScore: run.DriftScore));

        if (triggers.Labels is { } labels && await store.CountLabelsSinceAsync(champion.Model, since, ct) is var count && count >= labels.Count)
            return new RetrainFiring(RetrainNames.Labels, new RetrainEvidence(LabelCount: count, Threshold: labels.Count));

        if (triggers.Performance is { } perf)
        {
            var now = time.GetUtcNow();
            var window = TimeSpan.FromHours(perf.WindowHours);
            var estimated = perf.Source == RetrainNames.Estimated;
            var report = await performance.GetAsync(champion.Model, now - window, now, window, estimated, ct);
            var version = report?.Versions.FirstOrDefault(v => v.Version == champion.Version);
            if (estimated)
            {
                // The estimate needs no label, but as many predictions as the realized metric needs labels before it is believed.
                var total = version?.Estimation?.Total;
                var value = perf.Metric == RetrainNames.F1 ? total?.F1.Value : total?.Auc?.Value;
                if (total is not null && total.Predictions >= MinLabelledForPerformance && value is { } v && v < perf.Threshold)
                    return new RetrainFiring(RetrainNames.Performance,
                        new RetrainEvidence(Metric: perf.Metric, MetricValue: v, Threshold: perf.Threshold, Source: RetrainNames.Estimated));
            }
            else
            {
                var total = version?.Total;
                var value = perf.Metric == RetrainNames.F1 ? total?.F1 : total?.Auc;
                if (total is not null && total.Labelled >= MinLabelledForPerformance && value is { } v && v < perf.Threshold)
                    return new RetrainFiring(RetrainNames.Performance, new RetrainEvidence(Metric: perf.Metric, MetricValue: v, Threshold: perf.Threshold));
            }
        }

        return null;
    }

    private static int Rank(string status) => status switch
    {
        DriftStatuses.Critical => 2,
        DriftStatuses.Warning => 1,
        _ => 0,
    };
}
