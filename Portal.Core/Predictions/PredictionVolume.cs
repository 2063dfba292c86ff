namespace Portal.Core.Predictions;

/// <summary>Prediction counts per UTC-aligned bucket (hour or day): the runbook's "check prediction volume".</summary>
public static class PredictionVolume
{
    /// <summary>
    /// One bucket per <paramref name="size"/> from the bucket holding <paramref name="from"/> to the one holding
    /// <paramref name="to"/>, oldest first; empty buckets are kept (a silent hour is what the operator looks for).
    /// </summary>
    public static IReadOnlyList<PredictionVolumeBucket> Count(IEnumerable<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to, TimeSpan size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(size, TimeSpan.Zero);
        var first = Floor(from, size);
        var last = Floor(to, size);
        var count = (int)((last - first).Ticks / size.Ticks) + 1;
        var counts = new long[Math.Max(count, 0)];
        foreach (var at in times)
        {
            if (at < from || at > to) continue;
            var index = (int)((Floor(at, size) - first).Ticks / size.Ticks);
            if (index >= 0 && index < counts.Length) counts[index]++;
        }

        return counts.Select((n, i) => new PredictionVolumeBucket(first + TimeSpan.FromTicks(size.Ticks * i), n)).ToList();
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan size)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % size.Ticks, TimeSpan.Zero);
    }
}
