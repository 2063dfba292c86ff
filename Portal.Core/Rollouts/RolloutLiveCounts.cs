namespace Portal.Core.Rollouts;

/// <summary>A point-in-time copy of a rollout's live counters (<see cref="RolloutLiveStats"/>), counted in requests.</summary>
public sealed record RolloutLiveCounts(long ChampionServed, long CandidateServed, long CandidateErrors, long ShadowScored, long ShadowErrors, long ShadowShed);
