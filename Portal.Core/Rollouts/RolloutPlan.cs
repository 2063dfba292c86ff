using Portal.Core.Performance;

namespace Portal.Core.Rollouts;

/// <summary>
/// What an admin asks for when starting a rollout. <see cref="Steps"/> belong to canary rollouts and
/// <see cref="Weights"/> to A/B ones; a field left null gets its default from <see cref="RolloutDefaults"/>
/// (<see cref="WithDefaults"/>), which is how a plan is stored. <see cref="GateSource"/> says what the gates are judged
/// on: realized metrics only (the default), or, where an arm's labels are still too few, its performance estimated
/// without labels (CBPE), decided only once the estimate's band clears the threshold.
/// </summary>
public sealed record RolloutPlan(
    RolloutKind Kind,
    int CandidateVersion,
    IReadOnlyList<int>? Steps = null,
    RolloutWeights? Weights = null,
    RolloutStickyKey? StickyKey = null,
    int? MinSamplesPerStep = null,
    TimeSpan? MaxDuration = null,
    RollbackPolicy? RollbackOn = null,
    string? GateSource = null)
{
    /// <summary>Whether the gates may be judged on estimated performance while labels are missing.</summary>
    public bool EstimatesGates => GateSource == PerformanceSource.Estimated;

    /// <summary>The plan with every field its kind uses filled in (steps for canary, weights for A/B, a sticky key for both).</summary>
    public RolloutPlan WithDefaults() => this with
    {
        Steps = Kind == RolloutKind.Canary ? Steps ?? RolloutDefaults.CanarySteps : Steps,
        Weights = Kind == RolloutKind.Ab ? Weights ?? RolloutDefaults.AbWeights : Weights,
        StickyKey = Kind == RolloutKind.Shadow ? StickyKey : StickyKey ?? RolloutStickyKey.Header,
        MinSamplesPerStep = MinSamplesPerStep ?? RolloutDefaults.MinSamplesPerStep,
        MaxDuration = MaxDuration ?? RolloutDefaults.MaxDuration,
        RollbackOn = RollbackOn ?? RollbackPolicy.Default,
        GateSource = GateSource ?? PerformanceSource.Realized,
    };

    /// <summary>How many steps the rollout has: the canary's steps, else one.</summary>
    public int StepCount => Kind == RolloutKind.Canary ? (Steps ?? RolloutDefaults.CanarySteps).Count : 1;

    /// <summary>
    /// The candidate's share of served requests at <paramref name="step"/>, in basis points (0 to 10,000): the canary's
    /// step, the A/B candidate weight, or 0 for shadow (the champion answers every request).
    /// </summary>
    public int CandidateBasisPointsAt(int step) => Kind switch
    {
        RolloutKind.Canary => 100 * (Steps ?? RolloutDefaults.CanarySteps)[Math.Clamp(step, 0, StepCount - 1)],
        RolloutKind.Ab => 100 * (Weights ?? RolloutDefaults.AbWeights).Candidate,
        _ => 0,
    };

    /// <summary>Value equality, the steps compared by content.</summary>
    public bool Equals(RolloutPlan? other) =>
        other is not null && Kind == other.Kind && CandidateVersion == other.CandidateVersion
        && (Steps ?? []).SequenceEqual(other.Steps ?? []) && (Steps is null) == (other.Steps is null)
        && Weights == other.Weights && StickyKey == other.StickyKey && MinSamplesPerStep == other.MinSamplesPerStep
        && MaxDuration == other.MaxDuration && RollbackOn == other.RollbackOn && GateSource == other.GateSource;

    public override int GetHashCode() => HashCode.Combine(Kind, CandidateVersion, Weights, StickyKey, MinSamplesPerStep, MaxDuration, RollbackOn, GateSource);
}
