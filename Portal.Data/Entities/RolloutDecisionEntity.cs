namespace Portal.Data.Entities;

/// <summary>One decision about a rollout, with its reason and the evidence it was taken on.</summary>
public sealed class RolloutDecisionEntity
{
    public long Id { get; set; }
    public Guid RolloutId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public required string Reason { get; set; }
    public required string By { get; set; }
    public int Step { get; set; }
    public string? EvidenceJson { get; set; }
}
