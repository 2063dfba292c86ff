using Portal.Core.Registry;
using Portal.Core.Predictions;

namespace Portal.Core.Performance;

/// <summary>Reads a model's logged outcomes and computes its realized performance (default window: the last 7 days).</summary>
public sealed class PerformanceService(IPredictionStore predictions, IModelRegistry registry, TimeProvider time)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>Null when the model does not exist.</summary>
    public Task<PerformanceReport?> GetAsync(string model, DateTimeOffset? from, DateTimeOffset? to, TimeSpan bucket, CancellationToken ct = default) =>
        GetAsync(model, from, to, bucket, estimated: false, ct);

    /// <summary>Null when the model does not exist; with <paramref name="estimated"/>, each version also carries its CBPE estimate.</summary>
    public async Task<PerformanceReport?> GetAsync(string model, DateTimeOffset? from, DateTimeOffset? to, TimeSpan bucket, bool estimated, CancellationToken ct = default)
    {
        var details = await registry.GetModelAsync(model, ct);
        if (details is null) return null;
        var end = to ?? time.GetUtcNow();
        var start = from ?? end - DefaultWindow;
        var positives = details.Versions.ToDictionary(v => v.Version, v => v.PositiveClass);
        PerformanceReport report;
        Task<ServedScores>? scores = null;
        // The realized part reads only labelled rows and counts (the counters are hourly: buckets of whole hours); the
        // estimate reads every prediction's score, but no label and no inputs: begun first, it is read meanwhile.
        if (bucket > TimeSpan.Zero && bucket.Ticks % TimeSpan.TicksPerHour == 0)
        {
            if (estimated) scores = predictions.GetScoresAsync(model, start, end, ct);
            var realized = await predictions.GetRealizedOutcomesAsync(model, start, end, bucket, ct);
            report = RealizedPerformance.Compute(model, realized, v => positives.GetValueOrDefault(v, ""), start, end, bucket);
        }
        else
        {
            var outcomes = await predictions.GetOutcomesAsync(model, start, end, ct);
            report = RealizedPerformance.Compute(model, outcomes, v => positives.GetValueOrDefault(v, ""), start, end, bucket);
            scores = Task.FromResult(ServedScores.Of(outcomes));
        }

        if (!estimated) return report;
        var served = await scores!;
        if (report.Versions.Count == 0) return report;
        var references = details.Versions.ToDictionary(v => v.Version, v => v.Evaluation.Estimation);
        return report with
        {
            Versions = report.Versions
                .Select(v => v with { Estimation = EstimatedPerformance.Compute(served, v.Version, start, end, references.GetValueOrDefault(v.Version), bucket) })
                .ToList(),
        };
    }
}
