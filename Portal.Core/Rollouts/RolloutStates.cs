namespace Portal.Core.Rollouts;

public static class RolloutStates
{
    /// <summary>A terminal rollout is over: it holds no traffic and cannot be resumed.</summary>
    public static bool IsTerminal(this RolloutState state) =>
        state is RolloutState.Promoted or RolloutState.RolledBack or RolloutState.Aborted or RolloutState.Inconclusive;

    public static bool IsActive(this RolloutState state) => !state.IsTerminal();

    /// <summary>The active states, as the store's one-active-per-model index filters them.</summary>
    public static IReadOnlyList<RolloutState> Active { get; } = [RolloutState.Running, RolloutState.Paused, RolloutState.AwaitingApproval];

    /// <summary>
    /// Whether a rollout may move from <paramref name="from"/> to <paramref name="to"/>: any active state may end or
    /// pause/resume, a terminal one never moves, and staying in Running is a step-up.
    /// </summary>
    public static bool CanMove(RolloutState from, RolloutState to) => from switch
    {
        _ when from.IsTerminal() => false,
        RolloutState.Running => true,
        RolloutState.Paused => to is not RolloutState.Paused,
        RolloutState.AwaitingApproval => to is not RolloutState.AwaitingApproval,
        _ => false,
    };
}
