using System.Globalization;

namespace Portal.Web.Components.Shared;

/// <summary>How numbers and times are shown in the portal.</summary>
public static class Format
{
    /// <summary>A metric with three decimals, or a dash when it is not a number (e.g. AUC of a one-class test set).</summary>
    public static string Metric(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("0.####", CultureInfo.InvariantCulture) : "—";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset? value) =>
        value is { } v ? v.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Version(int? version) => version is { } v ? $"v{v}" : "—";

    /// <summary>A size in MB with one decimal ("12.3 MB"; MiB, as the upload limit counts them).</summary>
    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Percent(double fraction) => fraction.ToString("0%", CultureInfo.InvariantCulture);

    /// <summary>A signed difference with three decimals ("+0.012", "-0.003"), or a dash when it is not a number.</summary>
    public static string Delta(double value) =>
        double.IsFinite(value) ? value.ToString("+0.000;-0.000;±0.000", CultureInfo.InvariantCulture) : "—";
}
