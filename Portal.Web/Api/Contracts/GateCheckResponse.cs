using Portal.Core.Gates;

namespace Portal.Web.Api.Contracts;

public sealed record GateCheckResponse(string Model, int Version, int? ChampionVersion, bool Passed, IReadOnlyList<GateResult> Gates);
