namespace Portal.Core.Privacy;

/// <summary>What a dry run found: rows scanned, rows that would change, and values that would be redacted per field.</summary>
public sealed record PiiScrubReport(long Scanned, long RedactedRows, IReadOnlyDictionary<string, long> Fields);
