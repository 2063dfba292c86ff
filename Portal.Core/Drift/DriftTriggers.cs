namespace Portal.Core.Drift;

/// <summary>What started a drift run.</summary>
public static class DriftTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
}
