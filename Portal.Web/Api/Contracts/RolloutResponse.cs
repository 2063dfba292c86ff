using System.Text.Json;
using Portal.Core.Rollouts;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A rollout: its plan as stored (defaults filled in), where it stands, and the serving side's live counters. The detail
/// (<c>GET .../rollouts/{id}</c>) adds the decisions and the evidence; lists leave them null.
/// </summary>
public sealed record RolloutResponse(
    Guid Id,
    string Model,
    string Kind,
    string State,
    int ChampionVersion,
    int CandidateVersion,
    int CurrentStep,
    double CandidateSharePct,
    IReadOnlyList<int>? Steps,
    RolloutWeightsBody? Weights,
    string? StickyKey,
    int MinSamplesPerStep,
    string MaxDuration,
    RollbackOnBody RollbackOn,
    string GateSource,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    string StartedBy,
    RolloutLiveCounts? Live)
{
    public IReadOnlyList<RolloutDecisionResponse>? Decisions { get; init; }

    /// <summary>The evidence as the decision loop last judged it (per arm, the test, the sample ratio, the shadow pairs).</summary>
    public JsonElement? Evidence { get; init; }
}

/// <summary>One thing that happened to a rollout, with why and the evidence it was decided on.</summary>
public sealed record RolloutDecisionResponse(DateTimeOffset At, string Action, string Reason, string By, int Step, JsonElement? Evidence);
