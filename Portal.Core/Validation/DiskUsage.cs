namespace Portal.Core.Validation;

/// <summary>The space of the file system holding one of the portal's folders, as the System page and the disk gauges show it.</summary>
public sealed record DiskUsage(string Folder, string Path, string Mount, long TotalBytes, long FreeBytes)
{
    /// <summary>The seeds' thresholds: warn at 80 % used, critical at 95 % (the alert rules use the same).</summary>
    public const double WarningRatio = 0.80;
    public const double CriticalRatio = 0.95;

    public long UsedBytes => TotalBytes - FreeBytes;

    /// <summary>Used share, 0..1 (0 for a file system that reports no size).</summary>
    public double UsedRatio => TotalBytes <= 0 ? 0 : (double)UsedBytes / TotalBytes;

    public bool IsWarning => UsedRatio >= WarningRatio && UsedRatio < CriticalRatio;

    public bool IsCritical => UsedRatio >= CriticalRatio;
}
