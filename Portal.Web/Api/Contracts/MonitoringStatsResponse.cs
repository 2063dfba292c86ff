using System.Text.Json.Serialization;
using Portal.Core.Predictions;

namespace Portal.Web.Api.Contracts;

/// <summary><c>GET /monitoring/stats</c> (seed 003's prediction volume check), snake_case like the other runbook bodies.</summary>
public sealed record MonitoringStatsResponse(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("predictions_last_hour")] long PredictionsLastHour,
    [property: JsonPropertyName("predictions_last_24h")] long PredictionsLast24H,
    [property: JsonPropertyName("predictions_last_7d")] long PredictionsLast7D,
    [property: JsonPropertyName("per_hour")] IReadOnlyList<PredictionVolumeBucket> PerHour,
    [property: JsonPropertyName("per_day")] IReadOnlyList<PredictionVolumeBucket> PerDay);
