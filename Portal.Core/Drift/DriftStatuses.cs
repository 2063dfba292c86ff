namespace Portal.Core.Drift;

/// <summary>Dataset drift states: ok below 30% drifted features, warning from 30%, critical from 50%.</summary>
public static class DriftStatuses
{
    public const string Ok = "ok";
    public const string Warning = "warning";
    public const string Critical = "critical";

    public const double WarningShare = 0.3;
    public const double CriticalShare = 0.5;

    /// <summary>The status for a share of drifted features.</summary>
    public static string ForShare(double share) =>
        share >= CriticalShare ? Critical : share >= WarningShare ? Warning : Ok;
}
