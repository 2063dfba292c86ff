namespace Portal.Core.Rollouts;

/// <summary>How often the decision loop looks (<c>Portal:Rollouts:DecisionIntervalSeconds</c>): the least gap between stored looks.</summary>
public sealed record RolloutLookSettings(TimeSpan Interval);
