using Portal.Core.Serving;

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

    /// <summary>
    /// Not a gate but the model's other setting, kept in the same row: what predict does with inputs far outside the
    /// training range (warn unless an admin chose otherwise).
    /// </summary>
    public InputRangePolicy InputRange { get; init; } = InputRangePolicies.Default;

    public DateTimeOffset? UpdatedAt { get; init; }
    public string? UpdatedBy { get; init; }
}
