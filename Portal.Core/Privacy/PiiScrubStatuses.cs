namespace Portal.Core.Privacy;

/// <summary>The states of a PII scrub job, as stored and shown.</summary>
public static class PiiScrubStatuses
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
