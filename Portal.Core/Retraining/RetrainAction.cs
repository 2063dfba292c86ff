namespace Portal.Core.Retraining;

/// <summary>What becomes of a candidate that passed the gates: <see cref="Type"/> "register", "challenger" or "rollout" (of <see cref="Kind"/> shadow or canary).</summary>
public sealed record RetrainAction(string Type = RetrainNames.Register, string? Kind = null);
