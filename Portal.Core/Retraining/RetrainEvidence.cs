namespace Portal.Core.Retraining;

/// <summary>
/// Why a pipeline started: the schedule (cron and the occurrence due), the drift run (id, status, score), the labels
/// counted, the realized metric against its threshold, or the person and their reason (manual, maybe urgent).
/// </summary>
public sealed record RetrainEvidence(
    string? Cron = null,
    DateTimeOffset? DueAt = null,
    long? DriftRunId = null,
    string? DriftStatus = null,
    double? DriftScore = null,
    int? LabelCount = null,
    string? Metric = null,
    double? MetricValue = null,
    double? Threshold = null,
    string? By = null,
    string? Reason = null,
    bool Urgent = false,
    string? Source = null);
