using System.Collections.Concurrent;

namespace Portal.Core.Drift;

/// <summary>
/// The latest drift score per model version, kept in memory for health and metrics: drift runs publish here, and
/// start-up seeds it from the stored runs. Per version, so a run on a challenger never shows as the champion's
/// score, and a newly promoted champion shows only its own runs.
/// </summary>
public sealed class DriftScoreBoard
{
    private readonly ConcurrentDictionary<(string Model, int Version), double> _scores = new();

    public void Publish(string model, int version, double score) => _scores[(model, version)] = score;

    public double? Latest(string model, int? version) =>
        version is { } v && _scores.TryGetValue((model, v), out var score) ? score : null;
}
