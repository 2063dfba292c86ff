using Portal.Core.Rollouts;

namespace Portal.Data.Stores;

/// <summary>
/// The stored form of a rollout plan's fields beyond kind and candidate (those are columns): its own shape, so a change
/// to the domain record does not silently change what old rows mean. The sticky key is kept in its written form
/// (<c>header</c>, <c>feature:NAME</c>) and the maximum duration in seconds.
/// </summary>
internal sealed record RolloutPlanJson(
    int[]? Steps,
    RolloutWeightsJson? Weights,
    string? StickyKey,
    int? MinSamplesPerStep,
    double? MaxDurationSeconds,
    RollbackPolicyJson? RollbackOn,
    string? GateSource = null)
{
    public static string Write(RolloutPlan p) => DataJson.Write(new RolloutPlanJson(
        p.Steps?.ToArray(),
        p.Weights is { } w ? new RolloutWeightsJson(w.Champion, w.Candidate) : null,
        p.StickyKey?.ToString(),
        p.MinSamplesPerStep,
        p.MaxDuration?.TotalSeconds,
        p.RollbackOn is { } r ? new RollbackPolicyJson(r.ErrorRateMargin, r.P95LatencyMarginMs, r.Gates) : null,
        p.GateSource));

    public static RolloutPlan Read(RolloutKind kind, int candidateVersion, string json)
    {
        var p = DataJson.Read<RolloutPlanJson>(json);
        return new RolloutPlan(
            kind,
            candidateVersion,
            p.Steps,
            p.Weights is { } w ? new RolloutWeights(w.Champion, w.Candidate) : null,
            RolloutStickyKey.TryParse(p.StickyKey, out var key) ? key : null,
            p.MinSamplesPerStep,
            p.MaxDurationSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
            p.RollbackOn is { } r ? new RollbackPolicy(r.ErrorRateMargin, r.P95LatencyMarginMs, r.Gates) : null,
            p.GateSource);
    }
}

internal sealed record RolloutWeightsJson(int Champion, int Candidate);

internal sealed record RollbackPolicyJson(double ErrorRateMargin, double P95LatencyMarginMs, bool Gates);
