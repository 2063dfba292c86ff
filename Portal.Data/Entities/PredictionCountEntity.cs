namespace Portal.Data.Entities;

/// <summary>
/// How many served predictions (shadow scores left out) a model version logged in one hour: maintained by the log's
/// writer (and the label store, for <see cref="Labelled"/>) in the batch's own transaction and decremented by retention, so counts are read without scanning the log.
/// </summary>
public sealed class PredictionCountEntity
{
    public required string Model { get; set; }
    public int Version { get; set; }

    /// <summary>The hour, as <see cref="Stores.PredictionCounts.HourOf"/> of the rows' keys: hours since 1970 (UTC).</summary>
    public long Hour { get; set; }

    public long Count { get; set; }

    /// <summary>How many of them have a label: incremented by the label store with a new label, decremented by retention.</summary>
    public long Labelled { get; set; }
}
