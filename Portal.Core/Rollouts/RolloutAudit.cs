namespace Portal.Core.Rollouts;

/// <summary>The audit log's names for what happens to a rollout: <c>rollout.started</c>, <c>rollout.rolled_back</c>, ...</summary>
public static class RolloutAudit
{
    public static string ActionOf(RolloutAction action) => "rollout." + RolloutNames.Of(action);

    /// <summary>The audit entry's target: the model and the candidate, as the registry's entries name versions.</summary>
    public static string TargetOf(Rollout rollout) => $"{rollout.Model} v{rollout.CandidateVersion}";
}
