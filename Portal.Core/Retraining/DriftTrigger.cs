namespace Portal.Core.Retraining;

/// <summary>Fires when the champion's latest drift run reaches <see cref="Level"/> (warning or critical) and is newer than the last retrain.</summary>
public sealed record DriftTrigger(string Level = RetrainNames.Critical);
