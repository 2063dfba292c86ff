using System.Text;
using Portal.Core.Rollouts;

namespace Portal.Core.Predictions;

/// <summary>
/// One answered prediction as it is logged. <see cref="Inputs"/> is the request's features object as the client
/// sent it (UTF-8 JSON), never decoded into a string on the way to the database.
/// </summary>
public sealed record PredictionRecord(
    Guid Id,
    string Model,
    int Version,
    string? Alias,
    ReadOnlyMemory<byte> Inputs,
    string Label,
    double Probability,
    double LatencyMs,
    DateTimeOffset At)
{
    public PredictionRecord(Guid id, string model, int version, string? alias, string inputsJson, string label, double probability, double latencyMs, DateTimeOffset at)
        : this(id, model, version, alias, Encoding.UTF8.GetBytes(inputsJson), label, probability, latencyMs, at)
    {
    }

    /// <summary>The rollout that routed the request, when one was active for the model; null otherwise.</summary>
    public Guid? RolloutId { get; init; }

    /// <summary>The rollout arm that served (or, for a shadow, scored) the prediction; null outside a rollout.</summary>
    public RolloutArm? Arm { get; init; }

    /// <summary>
    /// For a shadow score (<see cref="RolloutArm.Shadow"/>), the id of the champion's prediction of the same request: the
    /// one the caller received and labels, so the shadow's realized metrics and the paired tests join through it. Stored as
    /// that prediction's key (what labels join on), so it is written, not read back.
    /// </summary>
    public Guid? PairedWith { get; init; }

    /// <summary>The inputs as text, for readers (pages, exports, drift); decoded on each call.</summary>
    public string InputsJson
    {
        get => Encoding.UTF8.GetString(Inputs.Span);
        init => Inputs = Encoding.UTF8.GetBytes(value);
    }

    /// <summary>Value equality, the inputs compared by content (ReadOnlyMemory compares by reference).</summary>
    public bool Equals(PredictionRecord? other) =>
        other is not null && Id == other.Id && Model == other.Model && Version == other.Version && Alias == other.Alias
        && Inputs.Span.SequenceEqual(other.Inputs.Span) && Label == other.Label && Probability.Equals(other.Probability)
        && LatencyMs.Equals(other.LatencyMs) && At.Equals(other.At) && RolloutId == other.RolloutId && Arm == other.Arm
        && PairedWith == other.PairedWith;

    public override int GetHashCode() => HashCode.Combine(Id, Model, Version, Label, At);
}
