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
    DateTimeOffset? FinishedAt);
