namespace Portal.Core.Rollouts;

/// <summary>
/// Rollouts and their decisions in the database (implemented in Portal.Data). A rollout's state lives here, so after a
/// restart the serving side is rebuilt from <see cref="ListActiveAsync"/>.
/// </summary>
public interface IRolloutStore
{
    /// <summary>
    /// Stores a new rollout with its <paramref name="started"/> decision, in one transaction. The one-active-per-model
    /// rule is enforced by the database (a unique index over the active rows), so of two concurrent creates for one model
    /// exactly one succeeds; the other throws <see cref="RolloutConflictException"/>. The plan is stored as given: pass it
    /// through <see cref="RolloutPlan.WithDefaults"/> first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The model is not registered.</exception>
    Task<Rollout> CreateAsync(Rollout rollout, RolloutDecision started, CancellationToken ct = default);

    Task<Rollout?> GetAsync(Guid id, CancellationToken ct = default);

    /// <summary>The model's rollouts, newest first.</summary>
    Task<IReadOnlyList<Rollout>> ListAsync(string model, CancellationToken ct = default);

    /// <summary>The model's active rollout (running, paused or awaiting approval), if any.</summary>
    Task<Rollout?> GetActiveAsync(string model, CancellationToken ct = default);

    /// <summary>Every active rollout of every model: what serving is rebuilt from at start-up.</summary>
    Task<IReadOnlyList<Rollout>> ListActiveAsync(CancellationToken ct = default);

    /// <summary>
    /// Moves the rollout to <paramref name="state"/> at <paramref name="step"/> and appends <paramref name="decision"/>, in
    /// one transaction, only if it is still in <paramref name="expected"/> (the decision loop and an admin may act at once:
    /// the second sees null and re-reads). A terminal state sets the end time and frees the model for a new rollout.
    /// Returns the rollout as stored, or null when it does not exist or is no longer in <paramref name="expected"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The move is not allowed (<see cref="RolloutStates.CanMove"/>) or the step is not one of the plan's.</exception>
    Task<Rollout?> UpdateAsync(Guid id, RolloutState expected, RolloutState state, int step, RolloutDecision decision, CancellationToken ct = default);

    /// <summary>The rollout's decisions, oldest first.</summary>
    Task<IReadOnlyList<RolloutDecision>> ListDecisionsAsync(Guid id, CancellationToken ct = default);
}
