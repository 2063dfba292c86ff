using Cronos;

namespace Portal.Core.Retraining;

/// <summary>Cron expressions of schedule triggers (five fields, UTC), parsed with Cronos.</summary>
public static class RetrainSchedule
{
    /// <summary>Null when <paramref name="cron"/> parses; otherwise why not.</summary>
    public static string? Problem(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron)) return "is required: five fields, e.g. '0 3 * * *' (03:00 UTC every night).";
        try
        {
            CronExpression.Parse(cron.Trim(), CronFormat.Standard);
            return null;
        }
        catch (CronFormatException ex)
        {
            return $"'{cron}' is not a cron expression of five fields (minute hour day month weekday): {ex.Message}";
        }
    }

    /// <summary>
    /// The latest occurrence in (<paramref name="after"/>, <paramref name="now"/>], or null when none is due: occurrences
    /// missed while the portal was down fire once, not once each.
    /// </summary>
    public static DateTimeOffset? DueOccurrence(string cron, DateTimeOffset after, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        var next = expression.GetNextOccurrence(after.UtcDateTime, TimeZoneInfo.Utc, inclusive: false);
        if (next is null || next.Value > now.UtcDateTime) return null;
        var due = next.Value;
        // Skip ahead over missed occurrences (bounded: a minutely cron after a long stop still ends at now).
        while (expression.GetNextOccurrence(due, TimeZoneInfo.Utc, inclusive: false) is { } later && later <= now.UtcDateTime) due = later;
        return new DateTimeOffset(due, TimeSpan.Zero);
    }

    /// <summary>The next occurrence after <paramref name="from"/> (for display), or null.</summary>
    public static DateTimeOffset? Next(string cron, DateTimeOffset from) =>
        CronExpression.Parse(cron.Trim(), CronFormat.Standard).GetNextOccurrence(from.UtcDateTime, TimeZoneInfo.Utc) is { } next
            ? new DateTimeOffset(next, TimeSpan.Zero) : null;
}
