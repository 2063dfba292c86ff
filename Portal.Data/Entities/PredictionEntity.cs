namespace Portal.Data.Entities;

public sealed class PredictionEntity
{
    /// <summary>The table's integer key, <see cref="Portal.Core.Predictions.PredictionIds.KeyOf"/> of the id: time order, and SQLite's rowid.</summary>
    public long Key { get; set; }
    public Guid Id { get; set; }
    public required string Model { get; set; }
    public int Version { get; set; }
    public string? Alias { get; set; }
    public required string InputsJson { get; set; }
    public required string Label { get; set; }
    public double Probability { get; set; }
    public double LatencyMs { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The rollout that routed the prediction (null outside a rollout), stored as its 16 bytes like <see cref="Id"/>.</summary>
    public Guid? RolloutId { get; set; }

    /// <summary>champion, candidate or shadow (<see cref="Portal.Core.Rollouts.RolloutNames"/>); null outside a rollout.</summary>
    public string? Arm { get; set; }

    /// <summary>For a shadow score, the <see cref="Key"/> of the champion's prediction of the same request (its label is that one's); else null.</summary>
    public long? PairedKey { get; set; }
}
