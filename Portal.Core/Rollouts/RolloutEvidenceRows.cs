namespace Portal.Core.Rollouts;

/// <summary>A rollout's log over [<see cref="Since"/>, <see cref="Until"/>), per arm (an arm that logged nothing is empty).</summary>
public sealed record RolloutEvidenceRows(
    Guid RolloutId,
    DateTimeOffset Since,
    DateTimeOffset Until,
    RolloutArmRows Champion,
    RolloutArmRows Candidate,
    RolloutArmRows Shadow);
