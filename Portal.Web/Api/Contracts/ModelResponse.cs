namespace Portal.Web.Api.Contracts;

public sealed record ModelResponse(
    string Name,
    string? Description,
    int? ChampionVersion,
    int? ChallengerVersion,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<VersionResponse> Versions);
