namespace Portal.Core.Privacy;

/// <summary>
/// A run of the PII backfill over the prediction log: the rows with keys in (<see cref="Cursor"/>, <see cref="EndKey"/>]
/// are still to be scanned. <see cref="EndKey"/> is the newest key when the job started: later rows were stored by the
/// writer under the same rules. The counts cover the rows scanned so far (<see cref="Fields"/>: values redacted per
/// top-level field name).
/// </summary>
public sealed record PiiScrubJob(
    long Id,
    string Status,
    string StartedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    long EndKey,
    long Cursor,
    long Scanned,
    long RedactedRows,
    IReadOnlyDictionary<string, long> Fields,
    string? Error)
{
    public bool IsRunning => Status == PiiScrubStatuses.Running;
}
