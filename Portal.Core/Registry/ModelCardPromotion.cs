using Portal.Core.Gates;

namespace Portal.Core.Registry;

/// <summary>An alias move to the card's version (a promotion or a rollback) with the gate results it was decided on.</summary>
public sealed record ModelCardPromotion(
    string Alias,
    int? FromVersion,
    DateTimeOffset At,
    string By,
    string? Reason,
    string Action,
    IReadOnlyList<GateResult> Gates);
