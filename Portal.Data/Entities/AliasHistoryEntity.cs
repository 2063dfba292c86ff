namespace Portal.Data.Entities;

/// <summary>An alias move, kept forever: who moved which alias from which version to which, when and why.</summary>
public sealed class AliasHistoryEntity
{
    public long Id { get; set; }
    public int ModelId { get; set; }
    public required string Alias { get; set; }
    public int? FromVersion { get; set; }
    public int? ToVersion { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public string? Reason { get; set; }
    public string? GatesJson { get; set; }
    public string Action { get; set; } = "promote";
}
