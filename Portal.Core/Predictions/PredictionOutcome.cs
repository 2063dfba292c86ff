namespace Portal.Core.Predictions;

/// <summary>What realized performance needs of one prediction: its version, time, probability and the true label if known.</summary>
public sealed record PredictionOutcome(int Version, DateTimeOffset At, double Probability, string? TrueLabel);
