using Portal.Core.Registry;

namespace Portal.Core.Rollouts;

/// <summary>
/// A promotion by hand that the model's gates refuse (422, with the failing gates), or that the registry cannot make;
/// the rollout goes on as it was.
/// </summary>
public sealed class RolloutPromotionBlockedException(PromotionOutcome outcome) : Exception(outcome.Message)
{
    public PromotionOutcome Outcome { get; } = outcome;
}
