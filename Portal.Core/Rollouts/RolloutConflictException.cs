namespace Portal.Core.Rollouts;

/// <summary>The model already has an active rollout (409): one rollout per model at a time.</summary>
public sealed class RolloutConflictException(string model, Guid? activeId)
    : Exception(activeId is { } id
        ? $"Model '{model}' already has an active rollout ({id}); end it before starting another."
        : $"Model '{model}' already has an active rollout; end it before starting another.")
{
    public string Model { get; } = model;

    /// <summary>The rollout that holds the model, when known.</summary>
    public Guid? ActiveId { get; } = activeId;
}
