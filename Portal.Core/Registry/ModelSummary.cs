namespace Portal.Core.Registry;

public sealed record ModelSummary(
    string Name,
    string? Description,
    int? ChampionVersion,
    int? ChallengerVersion,
    int Versions,
    DateTimeOffset UpdatedAt);

public sealed record ModelDetails(ModelSummary Summary, IReadOnlyList<ModelVersionInfo> Versions);
