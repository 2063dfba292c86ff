namespace Portal.Core.Rollouts;

/// <summary>
/// What <see cref="RolloutJudge"/> decided: <paramref name="Action"/> null holds the rollout as it is; otherwise
/// <see cref="RolloutAction.StepUp"/>, <see cref="RolloutAction.Promoted"/> (promote now: the caller makes it
/// <see cref="RolloutAction.AwaitingApproval"/> when the gates require four eyes), <see cref="RolloutAction.RolledBack"/>
/// or <see cref="RolloutAction.Inconclusive"/>. <paramref name="Reason"/> is one sentence with the numbers, shown to
/// admins and stored with the decision.
/// </summary>
public sealed record RolloutVerdict(RolloutAction? Action, string Reason)
{
    public bool Holds => Action is null;

    public static RolloutVerdict Hold(string reason) => new(null, reason);
}
