using Portal.Core.Gates;

namespace Portal.Web.Api.Contracts;

public sealed record PromoteResponse(bool Promoted, string Model, int Version, string Alias, int? FromVersion, IReadOnlyList<GateResult> Gates)
{
    /// <summary>True when the alias already pointed at the version: nothing moved and nothing was recorded.</summary>
    public bool Unchanged { get; init; }
}
