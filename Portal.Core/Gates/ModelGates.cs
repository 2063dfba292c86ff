namespace Portal.Core.Gates;

/// <summary>
/// A model's evaluation gates, checked on every promotion to champion. A null threshold is off; all are off
/// until an admin sets them.
/// </summary>
public sealed record ModelGates(
    double? MinAuc = null,
    double? MinF1ImprovementPct = null,
    double? MaxBrierDegradation = null,
    int? MinTestRows = null,
    bool RequireApproval = false)
{
    public static ModelGates Off { get; } = new();

    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}
