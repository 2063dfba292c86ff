using System.Text.Json;

namespace Portal.Web.Api.Contracts;

public sealed record PredictionRecordResponse(
    Guid PredictionId,
    string Model,
    int Version,
    string? Alias,
    JsonElement Inputs,
    string Label,
    double Probability,
    double LatencyMs,
    DateTimeOffset At);
