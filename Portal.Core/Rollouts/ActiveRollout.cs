using System.Text;
using Portal.Core.Serving;

namespace Portal.Core.Rollouts;

/// <summary>
/// What the predict path needs of a model's rollout, in one immutable object so that a request reads it with one
/// volatile read and sees a consistent rollout, assigner and candidate: a step-up or a pause swaps in a new one
/// (<see cref="With"/>) that keeps the candidate and the counters.
/// </summary>
public sealed class ActiveRollout
{
    public ActiveRollout(Rollout rollout, ServedModel candidate, RolloutLiveStats? stats = null)
    {
        if (candidate.Model != rollout.Model || candidate.Version != rollout.CandidateVersion)
            throw new ArgumentException($"The candidate is {candidate.Model} v{candidate.Version}, the rollout's is {rollout.Model} v{rollout.CandidateVersion}.", nameof(candidate));
        Rollout = rollout;
        Assigner = ArmAssigner.For(rollout);
        Candidate = candidate;
        Stats = stats ?? new RolloutLiveStats();
        var sticky = rollout.Plan.StickyKey;
        StickyFeatureUtf8 = sticky is { Source: StickyKeySource.Feature, Feature: { } feature } ? Encoding.UTF8.GetBytes(feature) : null;
    }

    public Rollout Rollout { get; }

    public ArmAssigner Assigner { get; }

    public ServedModel Candidate { get; }

    public RolloutLiveStats Stats { get; }

    public Guid Id => Rollout.Id;

    /// <summary>The feature whose value is the sticky key (<c>feature:NAME</c>), as UTF-8 to match the request's bytes; null for the header.</summary>
    public byte[]? StickyFeatureUtf8 { get; }

    /// <summary>The same rollout at a new step or state: a new assigner, the same candidate and counters.</summary>
    public ActiveRollout With(Rollout rollout) => new(rollout, Candidate, Stats);
}
