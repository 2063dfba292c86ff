namespace Portal.Core.Rollouts;

/// <summary>
/// One thing that happened to a rollout, with why: <paramref name="By"/> is the admin or <c>system</c> (the decision
/// loop), <paramref name="Step"/> the step the rollout stood at after it, and <paramref name="EvidenceJson"/> the
/// evidence the decision was taken on (per-arm counts, realized metrics, the test's statistic), as JSON.
/// </summary>
public sealed record RolloutDecision(
    DateTimeOffset At,
    RolloutAction Action,
    string Reason,
    string By,
    int Step,
    string? EvidenceJson = null)
{
    /// <summary>Who the decision loop writes as.</summary>
    public const string System = "system";
}
