namespace Portal.Core.Retraining;

/// <summary>A trigger that fired, with its evidence.</summary>
public sealed record RetrainFiring(string Trigger, RetrainEvidence Evidence);
