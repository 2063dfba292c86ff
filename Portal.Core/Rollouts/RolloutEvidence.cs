using Portal.Core.Statistics;

namespace Portal.Core.Rollouts;

/// <summary>
/// What a rollout's decision is taken on, at <see cref="At"/>, over the window since <see cref="Since"/> (the rollout's
/// start, or a later start of the window); the split is judged since <see cref="StepSince"/> (a canary's current step began
/// there: the split changed). <see cref="Candidate"/> is the candidate arm, or for a shadow rollout
/// the shadow arm. <see cref="SampleRatio"/> checks the observed split against the plan's (A/B and canary, null while the
/// split is all or nothing); <see cref="Sequential"/> is the mSPRT look on labelled accuracy (A/B and canary, null while
/// there is no evidence yet: no labelled rows on an arm, or no spread); <see cref="Live"/> the serving side's counters.
/// Every number is finite or null, so the decision stores it as JSON and the API returns it as it is.
/// </summary>
public sealed record RolloutEvidence(
    Guid RolloutId,
    DateTimeOffset At,
    DateTimeOffset Since,
    DateTimeOffset StepSince,
    ArmEvidence Champion,
    ArmEvidence Candidate,
    ShadowComparison? Shadow,
    SampleRatioResult? SampleRatio,
    SequentialLook? Sequential,
    RolloutLiveCounts? Live);
