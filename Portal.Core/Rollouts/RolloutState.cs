namespace Portal.Core.Rollouts;

/// <summary>
/// Where a rollout is in its life. Running, Paused and AwaitingApproval are active (at most one per model);
/// the rest are terminal (<see cref="RolloutStates.IsTerminal"/>) and never left.
/// </summary>
public enum RolloutState
{
    Running,
    Paused,

    /// <summary>The candidate won, but the model's gates require four-eyes approval before the promotion.</summary>
    AwaitingApproval,
    Promoted,
    RolledBack,
    Aborted,

    /// <summary>Too little evidence within the plan's maximum duration: ended, nothing changed.</summary>
    Inconclusive,
}
