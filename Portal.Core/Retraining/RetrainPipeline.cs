namespace Portal.Core.Retraining;

/// <summary>
/// One firing of a trigger and everything that followed: the steps (trigger, data, training, candidate, gates, action),
/// the training run, the candidate version, the rollout it started and the rows it learned from. <see cref="Policy"/> is
/// the policy as it was when the pipeline started, so a later edit does not change what a running pipeline does.
/// </summary>
public sealed record RetrainPipeline(
    Guid Id,
    string Model,
    string Trigger,
    RetrainEvidence Evidence,
    string Status,
    string? Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string StartedBy,
    RetrainPolicy Policy,
    IReadOnlyList<RetrainStep> Steps,
    Guid? RunId = null,
    int? Version = null,
    Guid? RolloutId = null,
    RetrainLineage? Lineage = null,
    string? Reason = null)
{
    public bool IsRunning => Status == RetrainNames.Running;

    public RetrainPipeline With(RetrainStep step) => this with { Steps = [.. Steps, step] };
}
