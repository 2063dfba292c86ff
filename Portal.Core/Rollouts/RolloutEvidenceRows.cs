namespace Portal.Core.Rollouts;

/// <summary>
/// A rollout's log over [<see cref="Since"/>, <see cref="Until"/>), per arm (an arm that logged nothing is empty), with
/// each arm's predictions since <see cref="StepSince"/>, when the current split began (a canary's step; else the start).
/// </summary>
public sealed record RolloutEvidenceRows(
    Guid RolloutId,
    DateTimeOffset Since,
    DateTimeOffset StepSince,
    DateTimeOffset Until,
    RolloutArmRows Champion,
    RolloutArmRows Candidate,
    RolloutArmRows Shadow);
