namespace Portal.Data.Entities;

/// <summary>The true outcome of a logged prediction, arriving later (one per prediction; a new upload replaces it).</summary>
public sealed class LabelEntity
{
    /// <summary>The prediction's key (see <see cref="PredictionEntity.Key"/>), which is this table's rowid too.</summary>
    public long PredictionKey { get; set; }
    public Guid PredictionId { get; set; }
    public required string TrueLabel { get; set; }
    public DateTimeOffset? LabelTimestamp { get; set; }
    public string? Source { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public required string ReceivedBy { get; set; }
}
