namespace Portal.Web.Api.Contracts;

public sealed record ModelSummaryResponse(string Name, string? Description, int? ChampionVersion, int? ChallengerVersion, int Versions, DateTimeOffset UpdatedAt);
