namespace Portal.Core.Serving;

/// <summary>The runbook's model status: what serves, how good it was on its test split, how old it is, and a health verdict.</summary>
public sealed record ModelStatus(
    string Model,
    bool Loaded,
    int? Version,
    DateTimeOffset? VersionDate,
    double? Auc,
    int? TrainRows,
    DateTimeOffset? LoadTime,
    double? AgeHours,
    double? DriftScore,
    string Health,
    string? Error);
