namespace Portal.Core.Performance;

/// <summary>
/// Where a decision's performance numbers come from: <see cref="Realized"/> from the labels that arrived, or
/// <see cref="Estimated"/> without labels (CBPE), for retrain triggers and rollout gates alike.
/// </summary>
public static class PerformanceSource
{
    public const string Realized = "realized";
    public const string Estimated = "estimated";

    public static bool IsKnown(string? source) => source is Realized or Estimated;
}
