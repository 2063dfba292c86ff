namespace Portal.Core.Performance;

/// <summary>
/// Performance estimated without labels (CBPE) over a set of predictions: the expected confusion matrix from calibrated
/// probabilities and the metrics it gives, each with its band. AUC is null when the calibrated probabilities leave one
/// expected class empty.
/// </summary>
public sealed record EstimatedMetrics(
    int Predictions,
    EstimatedMetric? Auc,
    EstimatedMetric F1,
    EstimatedMetric Precision,
    EstimatedMetric Recall,
    EstimatedMetric Accuracy,
    double TruePositive,
    double FalsePositive,
    double TrueNegative,
    double FalseNegative);
