namespace Portal.Data.Entities;

/// <summary>One retrain pipeline: the columns lists and lookups need, and the whole record (steps, evidence, lineage) as JSON.</summary>
public sealed class RetrainPipelineEntity
{
    public Guid Id { get; set; }
    public required string Model { get; set; }
    public required string Trigger { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public Guid? RunId { get; set; }
    public required string RecordJson { get; set; }
}
