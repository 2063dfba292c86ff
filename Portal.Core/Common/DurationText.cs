using System.Globalization;
using System.Xml;

namespace Portal.Core.Common;

/// <summary>
/// Durations as people and configs write them: <c>30m</c>, <c>24h</c>, <c>7d</c> (also <c>90s</c>, <c>2w</c>), ISO 8601
/// (<c>PT24H</c>, <c>P7D</c>) or .NET's <c>7.00:00:00</c>; written back as the shortest of the first form.
/// </summary>
public static class DurationText
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var value = text?.Trim();
        if (string.IsNullOrEmpty(value)) return false;
        if (value.Length >= 2 && char.IsAsciiLetter(value[^1]) && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n))
        {
            TimeSpan? unit = char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(1),
                'm' => TimeSpan.FromMinutes(1),
                'h' => TimeSpan.FromHours(1),
                'd' => TimeSpan.FromDays(1),
                'w' => TimeSpan.FromDays(7),
                _ => null,
            };
            if (unit is not { } u || !double.IsFinite(n * u.TotalSeconds) || n * u.TotalDays > 36_500) return false;
            duration = TimeSpan.FromSeconds(n * u.TotalSeconds);
            return true;
        }

        if (value.StartsWith('P') || value.StartsWith('p'))
        {
            try
            {
                duration = XmlConvert.ToTimeSpan(value.ToUpperInvariant());
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
    }

    /// <summary>The duration in its largest whole unit (<c>7d</c>, <c>36h</c>, <c>90m</c>, <c>45s</c>).</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerDay == 0 ? $"{duration.Ticks / TimeSpan.TicksPerDay}d"
        : duration.Ticks % TimeSpan.TicksPerHour == 0 ? $"{duration.Ticks / TimeSpan.TicksPerHour}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{duration.Ticks / TimeSpan.TicksPerMinute}m"
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.###}s");
}
