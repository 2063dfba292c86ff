namespace Portal.Core.Rollouts;

/// <summary>
/// A rollout's counters, kept in memory by the predict path and the shadow worker: lock-free (Interlocked), so
/// counting costs a request one atomic add. A request is one unit whatever its rows (a batch is assigned as one),
/// which is what the sample-ratio check compares with the weights. Kept for the rollout's life in this process;
/// the durable evidence is the prediction log.
/// </summary>
public sealed class RolloutLiveStats
{
    private long _championServed, _candidateServed, _candidateErrors, _shadowScored, _shadowErrors, _shadowShed;

    /// <summary>A routed request answered by the champion (in a shadow rollout, every request).</summary>
    public void ChampionServed() => Interlocked.Increment(ref _championServed);

    public void CandidateServed() => Interlocked.Increment(ref _candidateServed);

    /// <summary>The candidate could not answer a request the champion could (the champion answered it).</summary>
    public void CandidateError() => Interlocked.Increment(ref _candidateErrors);

    public void ShadowScored() => Interlocked.Increment(ref _shadowScored);

    /// <summary>The candidate could not score a shadowed request.</summary>
    public void ShadowError() => Interlocked.Increment(ref _shadowErrors);

    /// <summary>The shadow queue was full: the request was not shadowed.</summary>
    public void ShadowShed() => Interlocked.Increment(ref _shadowShed);

    public RolloutLiveCounts Snapshot() => new(
        Interlocked.Read(ref _championServed), Interlocked.Read(ref _candidateServed), Interlocked.Read(ref _candidateErrors),
        Interlocked.Read(ref _shadowScored), Interlocked.Read(ref _shadowErrors), Interlocked.Read(ref _shadowShed));
}
