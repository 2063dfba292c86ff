namespace Portal.Core.Privacy;

/// <summary>How the backfill walks the log: rows per transaction, and a pause between batches that lets the writer in.</summary>
public sealed record PiiScrubSettings(int BatchSize = 1000, TimeSpan Pause = default);
