namespace Portal.Data.Entities;

/// <summary>A model's evaluation gates (one row per model; absent means all off).</summary>
public sealed class ModelGatesEntity
{
    public int ModelId { get; set; }
    public double? MinAuc { get; set; }
    public double? MinF1ImprovementPct { get; set; }
    public double? MaxBrierDegradation { get; set; }
    public int? MinTestRows { get; set; }
    public bool RequireApproval { get; set; }

    /// <summary>off, warn or reject (InputRangePolicies); null reads as warn.</summary>
    public string? InputRange { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
