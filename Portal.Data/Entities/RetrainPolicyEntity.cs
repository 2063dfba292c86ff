namespace Portal.Data.Entities;

/// <summary>A model's retrain policy (JSON) and the last schedule occurrence dealt with.</summary>
public sealed class RetrainPolicyEntity
{
    public required string Model { get; set; }
    public required string PolicyJson { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTimeOffset? LastOccurrence { get; set; }
}
