namespace Portal.Core.Serving;

public sealed record ServingStatus(string Model, ServedModel? Champion, ServedModel? Challenger, string? LastError);
