using System.Collections.Concurrent;
using Portal.Core.Predictions;

namespace Portal.Core.Performance;

/// <summary>
/// The dashboard's per-model <see cref="ModelActivity"/>, kept for <see cref="MaxAge"/>: reading it means a 7-day
/// realized-performance report (every labelled prediction of the window) and a count of the log, which cost about
/// 0.6 s of CPU per model at 100,000 labelled predictions (bench/results/dashboard.md), and the dashboard reads it for every model
/// on every load. An entry is read again when it is older than that, when the champion moved (it is keyed by the
/// champion version) and when labels arrived (<see cref="LabelIngestion"/> invalidates the cache).
/// </summary>
public sealed class ModelActivityCache(PerformanceService performance, IPredictionStore predictions, TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ModelActivity> _entries = new(StringComparer.Ordinal);

    /// <summary>The model's activity for its current champion, at most <see cref="MaxAge"/> old.</summary>
    public async Task<ModelActivity> GetAsync(string model, int? championVersion, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(model, out var cached) && cached.ChampionVersion == championVersion && now - cached.At < MaxAge && cached.At <= now)
            return cached;

        var realized = championVersion is { } version
            ? (await performance.GetAsync(model, now - PerformanceService.DefaultWindow, now, RealizedPerformance.Day, ct))?.Versions
                .FirstOrDefault(p => p.Version == version)?.Total
            : null;
        var fresh = new ModelActivity(championVersion, realized, await predictions.CountAsync(model, ct), now);
        _entries[model] = fresh;
        return fresh;
    }

    /// <summary>Labels arrived: every model's realized metrics may have changed, so the next reads recompute them.</summary>
    public void Invalidate() => _entries.Clear();
}
