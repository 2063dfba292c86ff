namespace Portal.Core.Rollouts;

/// <summary>
/// One model's experiment between its champion (the version that held the alias when the rollout started) and one
/// candidate version. <see cref="CurrentStep"/> indexes the canary's steps (0 for A/B and shadow).
/// </summary>
public sealed record Rollout(
    Guid Id,
    string Model,
    int ChampionVersion,
    RolloutPlan Plan,
    RolloutState State,
    int CurrentStep,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? EndedAt,
    string? Reason,
    string StartedBy)
{
    public RolloutKind Kind => Plan.Kind;

    public int CandidateVersion => Plan.CandidateVersion;

    /// <summary>
    /// The candidate's share of served requests now, in basis points: the plan's share at the current step while the
    /// rollout is active (a paused or approval-waiting rollout holds its split), 0 once it has ended.
    /// </summary>
    public int CandidateBasisPoints => State.IsTerminal() ? 0 : Plan.CandidateBasisPointsAt(CurrentStep);

    /// <summary>Whether the candidate scores every request off the response path (an active shadow rollout).</summary>
    public bool ShadowScores => Kind == RolloutKind.Shadow && State.IsActive();

    /// <summary>Whether the canary stands at its last step.</summary>
    public bool AtLastStep => CurrentStep >= Plan.StepCount - 1;
}
