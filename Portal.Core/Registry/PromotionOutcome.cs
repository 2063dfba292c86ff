using Portal.Core.Gates;

namespace Portal.Core.Registry;

public sealed record PromotionOutcome(PromotionStatus Status, string Message, AliasMove? Move = null, IReadOnlyList<GateResult>? Gates = null)
{
    public bool Succeeded => Status == PromotionStatus.Promoted;
}
