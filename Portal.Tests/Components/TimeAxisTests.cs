using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

public sealed class TimeAxisTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForBuckets_OneDay_FiveDaysCentredOnIt_DateTicks()
    {
        var axis = TimeAxis.ForBuckets([Day0], TimeSpan.FromDays(1));

        // Plotly's own range for one point is a millisecond around it ("23:59:59.9996 ... 00:00:00.0004").
        Assert.Equal(new DateTime(2026, 12, 1, 12, 0, 0), axis.From);
        Assert.Equal(new DateTime(2026, 12, 6, 12, 0, 0), axis.To);
        Assert.Equal(TimeSpan.FromDays(1), axis.TickStep);
        Assert.Equal("%b %d", axis.TickFormat);
        Assert.Equal("%Y-%m-%d", axis.HoverFormat);
    }

    [Fact]
    public void ForBuckets_TwoDays_GrownByWholeDaysOnEachSide()
    {
        var axis = TimeAxis.ForBuckets([Day0, Day0.AddDays(1)], TimeSpan.FromDays(1));

        // Half a day of padding, then two whole days on each side: six days wide, each point in the middle of its tick.
        Assert.Equal(new DateTime(2026, 12, 1, 12, 0, 0), axis.From);
        Assert.Equal(new DateTime(2026, 12, 7, 12, 0, 0), axis.To);
        Assert.Equal(TimeSpan.FromDays(1), axis.TickStep);
    }

    [Fact]
    public void ForBuckets_ThirtyDays_HalfADayPaddingAndWeeklyTicks()
    {
        var starts = Enumerable.Range(0, 30).Select(i => Day0.AddDays(-i)).ToList();

        var axis = TimeAxis.ForBuckets(starts, TimeSpan.FromDays(1));

        Assert.Equal(new DateTime(2026, 11, 4, 12, 0, 0), axis.From);
        Assert.Equal(new DateTime(2026, 12, 4, 12, 0, 0), axis.To);
        Assert.True((axis.To - axis.From) / axis.TickStep <= TimeAxis.MaxTicks);
        Assert.Equal(TimeSpan.FromDays(7), axis.TickStep);
        Assert.Equal("%b %d", axis.TickFormat);
    }

    [Fact]
    public void ForBuckets_OneHour_HourTicksWithTheDate()
    {
        var axis = TimeAxis.ForBuckets([Day0.AddHours(13)], TimeSpan.FromHours(1));

        Assert.Equal(new DateTime(2026, 12, 4, 10, 30, 0), axis.From);
        Assert.Equal(new DateTime(2026, 12, 4, 15, 30, 0), axis.To);
        Assert.Equal(TimeSpan.FromHours(1), axis.TickStep);
        Assert.Equal("%H:%M<br>%b %d", axis.TickFormat);
        Assert.Equal("%Y-%m-%d %H:%M", axis.HoverFormat);
    }

    [Fact]
    public void ForBuckets_TwentyFourHours_ThreeHourTicks()
    {
        var starts = Enumerable.Range(0, 24).Select(i => Day0.AddHours(i)).ToList();

        var axis = TimeAxis.ForBuckets(starts, TimeSpan.FromHours(1));

        Assert.Equal(TimeSpan.FromHours(24), axis.To - axis.From);
        Assert.Equal(TimeSpan.FromHours(3), axis.TickStep);
    }

    [Fact]
    public void ForBuckets_HourBucketsOverThirtyDays_DayTicksAtMostMaxTicks()
    {
        var starts = Enumerable.Range(0, 30 * 24).Select(i => Day0.AddHours(-i)).ToList();

        var axis = TimeAxis.ForBuckets(starts, TimeSpan.FromHours(1));

        Assert.True(axis.TickStep >= TimeSpan.FromDays(1));
        Assert.True((axis.To - axis.From) / axis.TickStep <= TimeAxis.MaxTicks);
        Assert.Equal("%b %d", axis.TickFormat);
    }

    [Fact]
    public void ForPoints_OneRun_HoursAroundIt()
    {
        var axis = TimeAxis.ForPoints([Day0.AddHours(14).AddMinutes(37)]);

        Assert.Equal(TimeSpan.FromHours(TimeAxis.MinUnits), axis.To - axis.From);
        Assert.Equal(new DateTime(2026, 12, 4, 12, 7, 0), axis.From);
        Assert.Equal(TimeSpan.FromHours(1), axis.TickStep);
    }

    [Fact]
    public void ForPoints_RunsOverAWeek_Days()
    {
        var axis = TimeAxis.ForPoints([Day0, Day0.AddDays(7)]);

        Assert.Equal(TimeSpan.FromDays(1), axis.Unit);
        Assert.Equal(new DateTime(2026, 12, 3, 12, 0, 0), axis.From);
        Assert.Equal("%b %d", axis.TickFormat);
    }

    [Fact]
    public void ForMoments_LooksSecondsApart_TenSecondTicksWithSeconds()
    {
        var axis = TimeAxis.ForMoments([Day0, Day0.AddSeconds(2), Day0.AddSeconds(4)]);

        Assert.Equal(TimeSpan.FromSeconds(10), axis.Unit);
        Assert.Equal(TimeSpan.FromSeconds(10 * TimeAxis.MinUnits + 4), axis.To - axis.From);
        Assert.Equal(TimeSpan.FromSeconds(10), axis.TickStep);
        Assert.Equal("%H:%M:%S<br>%b %d", axis.TickFormat);
    }

    [Fact]
    public void ForMoments_AnHourOfLooks_MinutesThenADayOfThemHours()
    {
        var hour = TimeAxis.ForMoments([Day0, Day0.AddHours(1)]);
        Assert.Equal(TimeSpan.FromMinutes(1), hour.Unit);
        Assert.Equal(TimeSpan.FromMinutes(10), hour.TickStep);
        Assert.Equal("%H:%M<br>%b %d", hour.TickFormat);

        Assert.Equal(TimeSpan.FromHours(1), TimeAxis.ForMoments([Day0, Day0.AddHours(20)]).Unit);
    }

    [Fact]
    public void ApplyTo_DateAxis_RangeTicksAndFormat()
    {
        var xaxis = new Plotly.Blazor.LayoutLib.XAxis();

        TimeAxis.ForBuckets([Day0], TimeSpan.FromDays(1)).ApplyTo(xaxis);

        Assert.Equal(Plotly.Blazor.LayoutLib.XAxisLib.TypeEnum.Date, xaxis.Type);
        Assert.Equal(["2026-12-01 12:00:00", "2026-12-06 12:00:00"], xaxis.Range);
        Assert.Equal(86_400_000L, xaxis.DTick);
        Assert.Equal("2026-12-01 00:00:00", xaxis.Tick0);
        Assert.Equal("%b %d", xaxis.TickFormat);
    }
}
