namespace Portal.Core.Rollouts;

/// <summary>An A/B rollout's fixed split in whole percent; the two must sum to 100.</summary>
public sealed record RolloutWeights(int Champion, int Candidate);
