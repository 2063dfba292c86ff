namespace Portal.Data.Entities;

/// <summary>One drift run of a model version over a window of logged predictions; the per-feature report is JSON.</summary>
public sealed class DriftRunEntity
{
    public long Id { get; set; }
    public required string Model { get; set; }
    public int Version { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset WindowFrom { get; set; }
    public DateTimeOffset WindowTo { get; set; }
    public int Rows { get; set; }
    public int ReferenceRows { get; set; }
    public double DriftShare { get; set; }
    public bool DatasetDrift { get; set; }
    public required string Status { get; set; }
    public double DriftScore { get; set; }
    /// <summary>"schedule" or "manual".</summary>
    public required string Trigger { get; set; }
    public required string ReportJson { get; set; }
}
