using System.Globalization;

namespace Portal.Web.Components.Shared;

/// <summary>
/// Times to the second in UTC, for logs where the minute is too coarse (predictions, audit entries). The columns and
/// filters that use them say "UTC", as the date filters beside them do.
/// </summary>
public static class UtcTime
{
    public static string Seconds(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>With milliseconds and the zone named, for a single record's detail.</summary>
    public static string Precise(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + " UTC";
}
