namespace Portal.Data.Entities;

public sealed class VersionApprovalEntity
{
    public int Id { get; set; }
    public int ModelId { get; set; }
    public int Version { get; set; }
    public required string ApprovedBy { get; set; }
    /// <summary>The person who approved (for a key, its owner): four eyes compares this, not <see cref="ApprovedBy"/>.</summary>
    public required string Person { get; set; }
    public string? ViaKey { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}
