using Portal.Core.Training;

namespace Portal.Web.Api.Contracts;

public sealed record RunResponse(
    Guid RunId,
    string Model,
    string Status,
    double Progress,
    int? Version,
    ModelMetrics? Metrics,
    string? Error,
    string Trainer,
    int DatasetId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt);
