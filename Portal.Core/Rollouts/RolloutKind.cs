namespace Portal.Core.Rollouts;

/// <summary>How a rollout shares traffic between the champion and its candidate (wire names in <see cref="RolloutNames"/>).</summary>
public enum RolloutKind
{
    /// <summary>The candidate answers a share of requests, raised step by step (e.g. 5, 25, 50, 100 percent).</summary>
    Canary,

    /// <summary>Fixed weights (e.g. 50/50) until a winner is known.</summary>
    Ab,

    /// <summary>The champion answers every request; the candidate scores the same inputs off the response path.</summary>
    Shadow,
}
