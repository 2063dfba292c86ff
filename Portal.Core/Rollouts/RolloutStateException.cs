namespace Portal.Core.Rollouts;

/// <summary>An admin's action the rollout's state does not allow (409): pausing a paused rollout, resuming an ended one.</summary>
public sealed class RolloutStateException(Rollout rollout, string action)
    : Exception($"Rollout {rollout.Id} is {RolloutNames.Of(rollout.State)}: it cannot be {action}.")
{
    public Rollout Rollout { get; } = rollout;
}
