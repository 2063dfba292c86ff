using Portal.Core.Privacy;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A PII scrub job: running, completed or failed; the counts cover the rows scanned so far, <c>cursor</c> is the key of
/// the last row done and <c>endKey</c> the newest row when it started (later rows are redacted by the writer).
/// </summary>
public sealed record PiiScrubJobResponse(
    long Id, string Status, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    long Scanned, long RedactedRows, IReadOnlyDictionary<string, long> Fields, long Cursor, long EndKey, string? Error)
{
    public static PiiScrubJobResponse From(PiiScrubJob j) =>
        new(j.Id, j.Status, j.StartedBy, j.StartedAt, j.FinishedAt, j.Scanned, j.RedactedRows, j.Fields, j.Cursor, j.EndKey, j.Error);
}
