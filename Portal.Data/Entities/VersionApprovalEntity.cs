namespace Portal.Data.Entities;

public sealed class VersionApprovalEntity
{
    public int Id { get; set; }
    public int ModelId { get; set; }
    public int Version { get; set; }
    public required string ApprovedBy { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}
