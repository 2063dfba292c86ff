using System.Text.Json.Serialization;
using Portal.Core.Explanations;
using Portal.Core.Performance;
using Portal.Core.Statistics;

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
    int TrainRows)
{
    /// <summary>
    /// Expected calibration error over 10 equal-width bins (<see cref="ReliabilityDiagram"/>); null for
    /// versions evaluated before it was recorded.
    /// </summary>
    [JsonPropertyName("ece")]
    public double? ExpectedCalibrationError { get; init; }
}

public sealed record RocPoint(double Fpr, double Tpr, double Threshold);

public sealed record ConfusionMatrix(int TruePositive, int FalsePositive, int TrueNegative, int FalseNegative);

/// <summary>Everything measured on the test split: metrics, the ROC curve and the confusion matrix.</summary>
public sealed record Evaluation(ModelMetrics Metrics, IReadOnlyList<RocPoint> Roc, ConfusionMatrix Confusion)
{
    /// <summary>Which rows the metrics come from (<see cref="EvaluationRows"/>); null for versions registered before it was recorded.</summary>
    public string? EvaluatedOn { get; init; }

    /// <summary>The reliability diagram of the test split (10 bins); null for versions evaluated before it was recorded.</summary>
    public ReliabilityDiagram? Calibration { get; init; }

    /// <summary>What estimating performance without labels needs (CBPE); null for versions evaluated before it was recorded.</summary>
    public EstimationReference? Estimation { get; init; }

    /// <summary>
    /// Permutation importance of each user feature on the test split (AUC drop), computed at training; null for versions
    /// trained before it was recorded, imported ones and ensembles. Kept in the evaluation because it is a measurement of
    /// the same rows, read with it and never queried on its own (no migration).
    /// </summary>
    public PermutationImportanceResult? Importance { get; init; }

    /// <summary>
    /// Mean |SHAP| of each user feature on the test split, by the explainer that serves the version's explanations;
    /// null when the version cannot be explained or was evaluated before it was recorded. Beside
    /// <see cref="Importance"/> for the same reasons: a measurement of the same rows, read with it, no migration.
    /// </summary>
    public ShapImportance? MeanAbsShap { get; init; }

    /// <summary>
    /// Why the insight backfill could not give this version what it lacks (the training dataset no longer stored, the
    /// model not explainable): set once so it is not retried at each start, and shown where the parts would be.
    /// </summary>
    public string? InsightsNote { get; init; }
}
