using Portal.Core.Statistics;

namespace Portal.Core.Rollouts;

/// <summary>
/// A shadow rollout's paired comparison: both versions scored the same requests (<see cref="Pairs"/>), of which
/// <see cref="LabelledPairs"/> are labelled. A disagreement is a pair whose predicted labels differ.
/// <see cref="McNemar"/> compares correct/incorrect on the labelled pairs (null without any), <see cref="DeLong"/> the two
/// AUCs on them (null while it is not defined: one class, fewer than two rows of a class, or no spread), so every number
/// here is finite. <see cref="Samples"/> holds up to <see cref="MaxSamples"/> disagreements, newest first.
/// </summary>
public sealed record ShadowComparison(
    long Pairs,
    long LabelledPairs,
    long Disagreements,
    double? DisagreementRate,
    McNemarResult? McNemar,
    DeLongComparison? DeLong,
    IReadOnlyList<DisagreementSample> Samples)
{
    public const int MaxSamples = 20;
}
