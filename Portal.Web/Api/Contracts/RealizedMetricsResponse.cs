namespace Portal.Web.Api.Contracts;

/// <summary>One bucket (<see cref="Start"/> set) or a version's total; metrics are null when nothing is labelled, AUC also when one class only.</summary>
public sealed record RealizedMetricsResponse(DateTimeOffset? Start, int Predictions, int Labelled, double Coverage, double? Auc, double? F1, double? Brier, double? Accuracy);
