namespace Portal.Web.Api.Contracts;

/// <summary>Nullable fields so a missing one is answered with a named validation error, not a binding failure.</summary>
public sealed record TrainRequest(
    int? DatasetId,
    string? Label,
    string? PositiveClass,
    string? Trainer,
    double? TestFraction,
    int? Seed,
    Dictionary<string, double>? Options);
