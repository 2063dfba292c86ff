using Portal.Core.Predictions;
using Portal.Core.Rollouts;

namespace Portal.Data.Stores;

/// <summary>
/// The PredictionCounts table's buckets: an hour of the log's keys (whose high bits are the millisecond), so a bucket is a
/// range of the Predictions key and retention, which deletes by key, knows which bucket each deleted row was in.
/// </summary>
internal static class PredictionCounts
{
    /// <summary>Keys per hour: 3,600,000 milliseconds of 2^<see cref="PredictionIds.SequenceBits"/> keys each.</summary>
    public const long KeysPerHour = 3_600_000L << PredictionIds.SequenceBits;

    public static long HourOf(long key) => key / KeysPerHour;

    public static long FirstKeyOfHour(long hour) => hour * KeysPerHour;

    /// <summary>The arm whose rows are not counted: shadow scores, which no caller received (PredictionStore.Served).</summary>
    public static readonly string ShadowArm = RolloutNames.Of(RolloutArm.Shadow);

    /// <summary>The served records of a batch per model, version and hour (a batch spans one or two hours, so a handful).</summary>
    public static List<(string Model, int Version, long Hour, long Count)> Of(IReadOnlyList<PredictionRecord> records)
    {
        var counts = new Dictionary<(string, int, long), long>();
        foreach (var r in records)
        {
            if (r.Arm == RolloutArm.Shadow) continue;
            var bucket = (r.Model, r.Version, HourOf(PredictionIds.KeyOf(r.Id)));
            counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
        }

        return counts.Select(c => (c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value)).ToList();
    }

    /// <summary>The hours a batch touches, for recounting them when some of its rows were skipped as duplicates.</summary>
    public static IEnumerable<long> HoursOf(IReadOnlyList<PredictionRecord> records) =>
        records.Select(r => HourOf(PredictionIds.KeyOf(r.Id))).Distinct();
}
