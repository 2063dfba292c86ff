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
    private readonly ConcurrentDictionary<(string Model, int Version), double> _shares = new();

    /// <summary>Publishes a run's score and, when given, its drift share (the share of drifted features, 0..1).</summary>
    public void Publish(string model, int version, double score, double? share = null)
    {
        _scores[(model, version)] = score;
        if (share is { } s) _shares[(model, version)] = s;
        else _shares.TryRemove((model, version), out _);
    }

    public double? Latest(string model, int? version) =>
        version is { } v && _scores.TryGetValue((model, v), out var score) ? score : null;

    /// <summary>The drift share of the version's latest run (the runbooks' 30% / 50% thresholds), null when unknown.</summary>
    public double? LatestShare(string model, int? version) =>
        version is { } v && _shares.TryGetValue((model, v), out var share) ? share : null;
}
