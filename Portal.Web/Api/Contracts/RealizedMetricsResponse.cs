namespace Portal.Web.Api.Contracts;

/// <summary>One bucket (<see cref="Start"/> set) or a version's total; metrics are null when nothing is labelled, AUC also when one class only.</summary>
public sealed record RealizedMetricsResponse(DateTimeOffset? Start, int Predictions, int Labelled, double Coverage, double? Auc, double? F1, double? Brier, double? Accuracy)
{
    /// <summary>Performance estimated without labels for the same predictions (with ?estimated=true; null otherwise or when unavailable).</summary>
    public EstimatedMetricsResponse? Estimated { get; init; }
}
