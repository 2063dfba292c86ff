namespace Portal.Core.Training;

/// <summary>Test-split metrics, defined as scikit-learn defines them (threshold 0.5 for the label metrics).</summary>
public sealed record ModelMetrics(
    double Auc,
    double F1,
    double Accuracy,
    double Precision,
    double Recall,
    double Brier,
    double LogLoss,
    int TestRows,
    int TrainRows);

public sealed record RocPoint(double Fpr, double Tpr, double Threshold);

public sealed record ConfusionMatrix(int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative);

/// <summary>Everything measured on the test split: metrics, the ROC curve and the confusion matrix.</summary>
public sealed record Evaluation(ModelMetrics Metrics, IReadOnlyList<RocPoint> Roc, ConfusionMatrix Confusion)
{
    /// <summary>Which rows the metrics come from (<see cref="EvaluationRows"/>); null for versions registered before it was recorded.</summary>
    public string? EvaluatedOn { get; init; }
}
