using System.Collections.Concurrent;

namespace Portal.Core.Rollouts;

/// <summary>
/// Automatic rollbacks (ended as rolled back by <c>system</c>) per model since start-up, for the
/// <c>rollout_rollbacks_total</c> counter and its alert. In memory: a counter starts again at a restart, as Prometheus expects.
/// </summary>
public sealed class RolloutRollbackCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Record(string model) => _counts.AddOrUpdate(model, 1, (_, n) => n + 1);

    public long Of(string model) => _counts.GetValueOrDefault(model);

    /// <summary>Every model that had one, with its count.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Snapshot() => _counts.ToArray();
}
