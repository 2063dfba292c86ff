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

    // Copies of the prediction's fields that realized performance reads, so a window's labelled outcomes are a range of
    // this small table instead of every prediction of the window with its inputs (bench/results/log-scale.md). A
    // prediction's model, version, time and probability never change after it is logged, so the copies stay true.

    /// <summary>The prediction's model.</summary>
    public string Model { get; set; } = "";

    /// <summary>The prediction's version.</summary>
    public int Version { get; set; }

    /// <summary>When the prediction was made (its <see cref="PredictionEntity.At"/>).</summary>
    public DateTimeOffset PredictionAt { get; set; }

    /// <summary>The prediction's probability.</summary>
    public double Probability { get; set; }

    /// <summary>Whether the prediction is a shadow score (left out of realized performance, as in every list).</summary>
    public bool Shadow { get; set; }
}
