namespace Portal.Core.Training;

public sealed record TrainingRun(
    Guid RunId,
    string Model,
    RunStatus Status,
    double Progress,
    int? Version,
    ModelMetrics? Metrics,
    string? Error,
    TrainingRequest Request,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Every candidate's cross-validation once a sweep has succeeded; null for a single-trainer run.</summary>
    public SweepResult? Sweep { get; init; }

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;
}
