namespace Portal.Core.Rollouts;

/// <summary>One request on which a shadow and its champion predicted different labels: the champion's logged prediction and both probabilities.</summary>
public sealed record DisagreementSample(Guid ChampionPredictionId, double ChampionProbability, double ShadowProbability);
