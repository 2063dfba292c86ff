namespace Portal.Web.Api.Contracts;

/// <summary>A PII scrub dry run: rows scanned, rows that would change, values that would be redacted per top-level field.</summary>
public sealed record PiiScrubDryRunResponse(bool DryRun, long Scanned, long RedactedRows, IReadOnlyDictionary<string, long> Fields);
