namespace Portal.Core.Serving;

/// <summary>One answered prediction as it is logged. <see cref="InputsJson"/> is the request's features object.</summary>
public sealed record PredictionRecord(
    Guid Id,
    string Model,
    int Version,
    string? Alias,
    string InputsJson,
    string Label,
    double Probability,
    double LatencyMs,
    DateTimeOffset At);
