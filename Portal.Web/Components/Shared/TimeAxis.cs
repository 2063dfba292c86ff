using System.Globalization;
using Plotly.Blazor.LayoutLib;

namespace Portal.Web.Components.Shared;

/// <summary>
/// The x-axis of a chart over time, laid out from the time unit of its points rather than left to Plotly: with one
/// point Plotly zooms to a millisecond around it ("23:59:59.9996"). The range is padded by half a unit each side and
/// is at least <see cref="MinUnits"/> units wide, ticks fall on whole units (days or hours) and read as such.
/// </summary>
public sealed record TimeAxis(DateTime From, DateTime To, TimeSpan Unit, TimeSpan TickStep, string TickFormat, string HoverFormat)
{
    /// <summary>The narrowest axis, in units (one more when it has to grow evenly): one point sits in the middle of a few empty days (or hours).</summary>
    public const int MinUnits = 5;

    /// <summary>At most this many tick labels, so that they fit on a phone.</summary>
    public const int MaxTicks = 8;

    private static readonly TimeSpan[] HourSteps = [TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1)];
    private static readonly TimeSpan[] MinuteSteps = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), .. HourSteps];
    private static readonly TimeSpan[] SecondSteps = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), .. MinuteSteps];
    private static readonly TimeSpan[] DaySteps = [TimeSpan.FromDays(1), TimeSpan.FromDays(2), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(28)];

    /// <summary>For points at the start of time buckets (<paramref name="bucket"/> is an hour or a day): each point sits on its own tick.</summary>
    public static TimeAxis ForBuckets(IEnumerable<DateTimeOffset> starts, TimeSpan bucket)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bucket, TimeSpan.Zero);
        return Build(starts.Select(s => s.UtcDateTime).ToList(), bucket >= TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : TimeSpan.FromHours(1), bucket);
    }

    /// <summary>For points at any time (e.g. drift runs): hours when they span up to two days, days beyond.</summary>
    public static TimeAxis ForPoints(IEnumerable<DateTimeOffset> times)
    {
        var points = times.Select(t => t.UtcDateTime).ToList();
        var span = points.Count == 0 ? TimeSpan.Zero : points.Max() - points.Min();
        var unit = span <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        return Build(points, unit, unit);
    }

    /// <summary>
    /// For points seconds to days apart (e.g. a rollout's looks): ten-second units when they span up to two minutes,
    /// minutes up to three hours, then as <see cref="ForPoints"/>.
    /// </summary>
    public static TimeAxis ForMoments(IEnumerable<DateTimeOffset> times)
    {
        var points = times.Select(t => t.UtcDateTime).ToList();
        var span = points.Count == 0 ? TimeSpan.Zero : points.Max() - points.Min();
        if (span > TimeSpan.FromHours(3)) return ForPoints(times);
        var unit = span <= TimeSpan.FromMinutes(2) ? TimeSpan.FromSeconds(10) : TimeSpan.FromMinutes(1);
        return Build(points, unit, unit);
    }

    private static TimeAxis Build(List<DateTime> points, TimeSpan unit, TimeSpan pad)
    {
        var first = points.Count == 0 ? DateTime.UnixEpoch : points.Min();
        var last = points.Count == 0 ? DateTime.UnixEpoch : points.Max();
        var from = first - pad / 2;
        var to = last + pad / 2;
        var minimum = unit * MinUnits;
        if (to - from < minimum)
        {
            // Whole units on each side, so that the points stay in the middle of their tick's cell.
            var grow = unit * Math.Ceiling((minimum - (to - from)) / unit / 2);
            from -= grow;
            to += grow;
        }

        var steps = unit >= TimeSpan.FromDays(1) ? DaySteps : unit >= TimeSpan.FromHours(1) ? HourSteps : unit >= TimeSpan.FromMinutes(1) ? MinuteSteps : SecondSteps;
        var step = steps.FirstOrDefault(s => (to - from) / s <= MaxTicks, steps[^1]);
        if ((to - from) / step > MaxTicks) step = TimeSpan.FromDays(Math.Ceiling((to - from).TotalDays / MaxTicks));
        var daily = step >= TimeSpan.FromDays(1);
        return new TimeAxis(
            DateTime.SpecifyKind(from, DateTimeKind.Utc),
            DateTime.SpecifyKind(to, DateTimeKind.Utc),
            unit,
            step,
            daily ? "%b %d" : step < TimeSpan.FromMinutes(1) ? "%H:%M:%S<br>%b %d" : "%H:%M<br>%b %d",
            unit >= TimeSpan.FromDays(1) ? "%Y-%m-%d" : unit >= TimeSpan.FromHours(1) ? "%Y-%m-%d %H:%M" : "%Y-%m-%d %H:%M:%S");
    }

    /// <summary>Sets range, ticks and formats on a Plotly date axis (Plotly's dtick for dates is in milliseconds).</summary>
    public void ApplyTo(XAxis axis)
    {
        axis.Type = Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date;
        axis.AutoRange = Plotly.Blazor.LayoutLib.XAxisLib.AutoRangeEnum.False;
        axis.Range = [Text(From), Text(To)];
        axis.TickMode = Plotly.Blazor.LayoutLib.XAxisLib.TickModeEnum.Linear;
        // Ticks on whole days (midnight UTC) or whole hours.
        axis.Tick0 = Text(From.Date);
        axis.DTick = (long)TickStep.TotalMilliseconds;
        axis.TickFormat = TickFormat;
        axis.HoverFormat = HoverFormat;
    }

    /// <summary>Plotly's date string (UTC, no offset: the portal's charts are in UTC).</summary>
    public static string Text(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
