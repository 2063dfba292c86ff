using Portal.Core.Gates;

namespace Portal.Web.Api.Contracts;

public sealed record PromoteResponse(bool Promoted, string Model, int Version, string Alias, int? FromVersion, IReadOnlyList<GateResult> Gates);
