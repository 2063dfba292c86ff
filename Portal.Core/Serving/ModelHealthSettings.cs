namespace Portal.Core.Serving;

/// <summary>The thresholds of <see cref="ModelHealth"/> that the configuration sets (Portal:Monitoring).</summary>
public sealed record ModelHealthSettings(TimeSpan StaleAfter, double DriftScoreThreshold = ModelHealth.DefaultDriftThreshold);
