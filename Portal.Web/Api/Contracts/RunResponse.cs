using Portal.Core.Training;

namespace Portal.Web.Api.Contracts;

/// <summary>
/// A training run. <see cref="Trainer"/> is the run's trainer, for a sweep the chosen candidate's ("sweep" until one is
/// chosen); <see cref="Sweep"/> holds every candidate's cross-validation once a sweep has succeeded, null otherwise.
/// </summary>
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
    DateTimeOffset? FinishedAt)
{
    /// <summary>The trainers a sweep run scores; null for a single-trainer run.</summary>
    public IReadOnlyList<string>? Trainers { get; init; }

    /// <summary>Folds of a sweep run's cross-validation; null for a single-trainer run.</summary>
    public int? Folds { get; init; }

    public SweepResponse? Sweep { get; init; }
}
