namespace Portal.Core.Rollouts;

public sealed record RolloutLiveCounts(long ChampionServed, long CandidateServed, long CandidateErrors, long ShadowScored, long ShadowErrors, long ShadowShed);
