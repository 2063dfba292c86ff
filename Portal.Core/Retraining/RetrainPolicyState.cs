namespace Portal.Core.Retraining;

/// <summary>
/// A stored policy: who set it when, and the last schedule occurrence the scheduler has dealt with (fired or, while the
/// policy or the global switch was off, passed over), so that each occurrence fires once.
/// </summary>
public sealed record RetrainPolicyState(string Model, RetrainPolicy Policy, DateTimeOffset UpdatedAt, string UpdatedBy, DateTimeOffset? LastOccurrence);
