namespace Portal.Data.Entities;

/// <summary>A PII backfill job and its cursor (<see cref="Portal.Core.Privacy.PiiScrubJob"/>); plain columns on every provider.</summary>
public sealed class PiiScrubJobEntity
{
    public long Id { get; set; }
    public required string Status { get; set; }
    public required string StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public long EndKey { get; set; }
    public long Cursor { get; set; }
    public long Scanned { get; set; }
    public long RedactedRows { get; set; }

    /// <summary>Values redacted per top-level field name, as a JSON object.</summary>
    public required string FieldsJson { get; set; }

    public string? Error { get; set; }
}
