namespace Portal.Core.Rollouts;

/// <summary>Which side of a rollout served (or, for <see cref="Shadow"/>, scored) a prediction.</summary>
public enum RolloutArm
{
    Champion,
    Candidate,

    /// <summary>The candidate's off-path score in a shadow rollout: stored, never returned to the caller.</summary>
    Shadow,
}
