namespace Portal.Core.Rollouts;

/// <summary>
/// One arm's log over a window: exact counts of its predictions, of those predicted positive (probability at least 0.5)
/// and of those labelled, of its predictions since the current step began (<see cref="StepPredictions"/>), and its newest
/// rows (at most <see cref="IRolloutEvidenceStore.MaxRowsPerArm"/>), newest first.
/// </summary>
public sealed record RolloutArmRows(RolloutArm Arm, int Version, long Predictions, long PredictedPositive, long Labelled, long StepPredictions, IReadOnlyList<RolloutEvidenceRow> Rows)
{
    public static RolloutArmRows Empty(RolloutArm arm, int version) => new(arm, version, 0, 0, 0, 0, []);
}
