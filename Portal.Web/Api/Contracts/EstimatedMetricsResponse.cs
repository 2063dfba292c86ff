namespace Portal.Web.Api.Contracts;

/// <summary>Performance estimated without labels (CBPE) over a bucket's predictions; AUC null when the calibrated scores hold one class only.</summary>
public sealed record EstimatedMetricsResponse(
    int Predictions,
    EstimatedMetricResponse? Auc,
    EstimatedMetricResponse F1,
    EstimatedMetricResponse Precision,
    EstimatedMetricResponse Recall,
    EstimatedMetricResponse Accuracy);
