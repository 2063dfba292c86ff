namespace Portal.Core.Rollouts;

/// <summary>
/// One stored look of the decision loop at a rollout, compact enough to keep hundreds of: where the rollout stood after
/// the look (<see cref="State"/>, <see cref="Step"/>, the candidate's share), each arm's evidence, and the test's
/// statistic against its alpha. A/B and canary: <see cref="PValue"/> is the mSPRT's always-valid p-value (the running
/// minimum; null before both arms have labelled rows) and <see cref="Alpha"/> its level. Shadow: the disagreement rate and
/// McNemar's p-value, judged at <see cref="Alpha"/> (the paired tests' level). Written by <see cref="RolloutLookRecorder"/>.
/// </summary>
public sealed record RolloutLook(
    Guid RolloutId,
    DateTimeOffset At,
    RolloutState State,
    int Step,
    int CandidateBasisPoints,
    RolloutLookArm Champion,
    RolloutLookArm Candidate,
    double? PValue,
    double Alpha,
    double? DisagreementRate,
    double? McNemarPValue);
