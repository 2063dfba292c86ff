namespace Portal.Data.Entities;

public sealed class DatasetEntity
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string FileName { get; set; }
    public int Rows { get; set; }
    public required string Sha256 { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>The <c>DatasetProfile</c> as JSON: read whole, never queried into.</summary>
    public required string ProfileJson { get; set; }
}
