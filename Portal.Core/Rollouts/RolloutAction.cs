namespace Portal.Core.Rollouts;

/// <summary>What a <see cref="RolloutDecision"/> did.</summary>
public enum RolloutAction
{
    Started,
    StepUp,
    Paused,
    Resumed,

    /// <summary>The candidate won and waits for the four-eyes approval its gates require.</summary>
    AwaitingApproval,
    Promoted,
    RolledBack,
    Aborted,
    Inconclusive,
}
