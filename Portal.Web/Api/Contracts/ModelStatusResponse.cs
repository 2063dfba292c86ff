using System.Text.Json.Serialization;

namespace Portal.Web.Api.Contracts;

/// <summary>The runbook's model status body (snake_case by contract).</summary>
public sealed record ModelStatusResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("loaded")] bool Loaded,
    [property: JsonPropertyName("version")] int? Version,
    [property: JsonPropertyName("version_date")] DateTimeOffset? VersionDate,
    [property: JsonPropertyName("auc")] double? Auc,
    [property: JsonPropertyName("n_train")] int? NTrain,
    [property: JsonPropertyName("load_time")] DateTimeOffset? LoadTime,
    [property: JsonPropertyName("age_hours")] double? AgeHours,
    [property: JsonPropertyName("drift_score")] double? DriftScore,
    [property: JsonPropertyName("health")] string Health,
    [property: JsonPropertyName("error")] string? Error);
