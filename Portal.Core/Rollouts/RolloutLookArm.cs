namespace Portal.Core.Rollouts;

/// <summary>
/// One arm in a <see cref="RolloutLook"/>: requests logged since the rollout began, errors counted by the serving side
/// since start-up (null for the champion, whose failures are not the rollout's), the predicted-positive rate, labelled
/// rows and the realized accuracy and AUC (null until defined), and the p95 latency when the evidence has it.
/// </summary>
public sealed record RolloutLookArm(
    int Version,
    long Requests,
    long? Errors,
    double? PredictedPositiveRate,
    long Labelled,
    double? Accuracy,
    double? Auc,
    double? LatencyP95Ms);
