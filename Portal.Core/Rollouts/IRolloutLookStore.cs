namespace Portal.Core.Rollouts;

/// <summary>The looks the decision loop kept of each rollout (implemented in Portal.Data): what the Rollouts tab charts.</summary>
public interface IRolloutLookStore
{
    Task AppendAsync(RolloutLook look, CancellationToken ct = default);

    /// <summary>The rollout's newest stored look, if any: where thinning resumes after a restart.</summary>
    Task<RolloutLook?> LastAsync(Guid rolloutId, CancellationToken ct = default);

    /// <summary>The rollout's stored looks, oldest first.</summary>
    Task<IReadOnlyList<RolloutLook>> ListLooksAsync(Guid rolloutId, CancellationToken ct = default);
}
