namespace Portal.Data.Entities;

public sealed class TrainingRunEntity
{
    public Guid RunId { get; set; }
    public required string Model { get; set; }
    public required string Status { get; set; }
    public double Progress { get; set; }
    public int? Version { get; set; }
    public string? MetricsJson { get; set; }

    /// <summary>A sweep's result (every candidate's fold AUCs and the chosen one); null for a single-trainer run.</summary>
    public string? SweepJson { get; set; }
    public string? Error { get; set; }
    public required string RequestJson { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
