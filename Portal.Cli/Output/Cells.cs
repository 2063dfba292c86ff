using System.Globalization;

namespace Portal.Cli.Output;

/// <summary>How numbers and times look in tables: invariant culture, UTC, minutes.</summary>
internal static class Cells
{
    public static string? Number(double? value, string format = "0.000") => value?.ToString(format, CultureInfo.InvariantCulture);

    public static string? Int(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Version(int? value) => value is { } v ? "v" + v.ToString(CultureInfo.InvariantCulture) : null;

    public static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string? YesNo(bool? value) => value is { } b ? b ? "yes" : "no" : null;
}
