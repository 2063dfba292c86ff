using Portal.Core.Performance;

namespace Portal.Core.Rollouts;

/// <summary>
/// One arm of a rollout over a window, from the prediction log and its labels. <see cref="Predictions"/>,
/// <see cref="PredictedPositive"/>, <see cref="Labelled"/> and <see cref="StepPredictions"/> (since the current split
/// began, <see cref="RolloutEvidence.StepSince"/>) are exact counts; the latency quantiles, <see cref="Correct"/>
/// and the realized metrics are computed on the newest rows read (<see cref="IRolloutEvidenceStore.MaxRowsPerArm"/>), of
/// which <see cref="MetricRows"/> are labelled. A row is predicted positive, and correct, as
/// <see cref="Training.BinaryMetrics"/> counts it (probability at least 0.5), so <see cref="Correct"/> / <see cref="MetricRows"/>
/// is <see cref="Accuracy"/>. <see cref="Estimated"/> is the performance estimated without labels (CBPE) over the same
/// rows, when the plan judges gates on estimates and the version has its estimation reference. Every number is finite or
/// null (no rows, one class only), so the record is plain JSON.
/// </summary>
public sealed record ArmEvidence(
    RolloutArm Arm,
    int Version,
    long Predictions,
    long PredictedPositive,
    double? PredictedPositiveRate,
    double? LatencyP50Ms,
    double? LatencyP95Ms,
    long Labelled,
    long StepPredictions,
    long MetricRows,
    long Correct,
    double? Auc,
    double? F1,
    double? Brier,
    double? Accuracy,
    EstimatedMetrics? Estimated = null)
{
    /// <summary>An arm with nothing logged in the window.</summary>
    public static ArmEvidence Empty(RolloutArm arm, int version) => new(arm, version, 0, 0, null, null, null, 0, 0, 0, 0, null, null, null, null);
}
