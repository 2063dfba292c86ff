using System.Collections.Concurrent;

namespace Portal.Core.Monitoring;

/// <summary>The latest drift score per model, kept in memory for health and metrics (drift runs publish here).</summary>
public sealed class DriftScoreBoard
{
    private readonly ConcurrentDictionary<string, double> _scores = new(StringComparer.Ordinal);

    public void Publish(string model, double score) => _scores[model] = score;

    public double? Latest(string model) => _scores.TryGetValue(model, out var score) ? score : null;
}
