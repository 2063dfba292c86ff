using MathNet.Numerics.Distributions;
using Portal.Core.Rollouts;

namespace Portal.Tests.Core.Rollouts;

public sealed class ArmAssignerTests
{
    private static readonly Guid RolloutId = Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566");

    /// <summary>10,000 keys shaped like customer ids, fixed so every run sees the same ones.</summary>
    private static readonly string[] Keys = Enumerable.Range(0, 10_000).Select(i => $"customer-{i * 7919 % 1_000_003:D7}").ToArray();

    /// <summary>
    /// The two-sided acceptance interval of a Binomial(n, p) count at level <paramref name="alpha"/>, computed from the
    /// distribution (MathNet): the smallest lo with P(X &lt; lo) &lt;= alpha/2 ... the largest hi with P(X &gt; hi) &lt;= alpha/2.
    /// At alpha = 0.001 a fair assigner falls outside once in a thousand seeds; these keys and seeds are fixed.
    /// </summary>
    private static (int Lo, int Hi) Tolerance(int n, double p, double alpha = 0.001)
    {
        var lo = 0;
        while (lo < n && Binomial.CDF(p, n, lo) <= alpha / 2) lo++;
        var hi = n;
        while (hi > 0 && 1 - Binomial.CDF(p, n, hi - 1) <= alpha / 2) hi--;
        return (lo, hi);
    }

    [Fact]
    public void Tolerance_IsTheBinomialInterval()
    {
        // n = 10,000, p = 0.5: sd = 50, and a two-sided 0.001 interval is about +-3.29 sd = +-165.
        var (lo, hi) = Tolerance(10_000, 0.5);
        Assert.InRange(lo, 4_833, 4_837);
        Assert.Equal(10_000 - lo, hi);
    }

    [Fact]
    public void Assign_SameKeyTwiceAndOnAnotherInstance_GetsTheSameArm()
    {
        var first = new ArmAssigner(RolloutId, RolloutKind.Ab, 5_000);
        var again = new ArmAssigner(RolloutId, RolloutKind.Ab, 5_000); // another replica, or after a restart

        foreach (var key in Keys)
        {
            var arm = first.Assign(key);
            Assert.Equal(arm, first.Assign(key));
            Assert.Equal(arm, again.Assign(key));
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(2_500)]
    [InlineData(5_000)]
    [InlineData(9_000)]
    public void Assign_10000Keys_SplitMatchesTheWeightWithinTheBinomialTolerance(int candidateBasisPoints)
    {
        var assigner = new ArmAssigner(RolloutId, RolloutKind.Ab, candidateBasisPoints);

        var candidates = Keys.Count(k => assigner.Assign(k) == RolloutArm.Candidate);

        var (lo, hi) = Tolerance(Keys.Length, candidateBasisPoints / 10_000.0);
        Assert.InRange(candidates, lo, hi);
    }

    [Fact]
    public void Assign_CanaryStepUp_KeysOnlyMoveFromChampionToCandidate()
    {
        var rollout = Rollout(RolloutKind.Canary, step: 0);
        var at5 = ArmAssigner.For(rollout);
        var at25 = ArmAssigner.For(rollout with { CurrentStep = 1 });
        Assert.Equal((500, 2_500), (at5.CandidateBasisPoints, at25.CandidateBasisPoints));

        var moved = 0;
        foreach (var key in Keys)
        {
            var before = at5.Assign(key);
            var after = at25.Assign(key);
            if (before == RolloutArm.Candidate) Assert.Equal(RolloutArm.Candidate, after);
            else if (after == RolloutArm.Candidate) moved++;
        }

        // Of the ~9,500 champion keys, a (25 - 5) / 95 share moves.
        var champions = Keys.Count(k => at5.Assign(k) == RolloutArm.Champion);
        var (lo, hi) = Tolerance(champions, 20.0 / 95);
        Assert.InRange(moved, lo, hi);
    }

    [Fact]
    public void Assign_EveryCanaryStep_KeepsTheCandidateKeysOfTheStepBefore()
    {
        var rollout = Rollout(RolloutKind.Canary, step: 0);
        var assigners = Enumerable.Range(0, rollout.Plan.StepCount).Select(s => ArmAssigner.For(rollout with { CurrentStep = s })).ToArray();

        for (var s = 1; s < assigners.Length; s++)
        {
            var before = Keys.Where(k => assigners[s - 1].Assign(k) == RolloutArm.Candidate).ToHashSet();
            var after = Keys.Where(k => assigners[s].Assign(k) == RolloutArm.Candidate).ToHashSet();
            Assert.Subset(after, before);
        }

        // At the last step (100 %) every key is on the candidate.
        Assert.All(Keys, k => Assert.Equal(RolloutArm.Candidate, assigners[^1].Assign(k)));
    }

    [Fact]
    public void Assign_AnotherRollout_ShufflesTheKeysAfresh()
    {
        var a = new ArmAssigner(RolloutId, RolloutKind.Ab, 5_000);
        var b = new ArmAssigner(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445567"), RolloutKind.Ab, 5_000);

        // Independent halves: the keys on the candidate in both are a quarter, not a half (the same half again).
        var both = Keys.Count(k => a.Assign(k) == RolloutArm.Candidate && b.Assign(k) == RolloutArm.Candidate);
        var (lo, hi) = Tolerance(Keys.Length, 0.25);
        Assert.InRange(both, lo, hi);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(5_000)]
    public void AssignKeyless_SeededDraws_SplitMatchesTheWeightWithinTheBinomialTolerance(int candidateBasisPoints)
    {
        var assigner = new ArmAssigner(RolloutId, RolloutKind.Canary, candidateBasisPoints);
        var random = new Random(20261204);

        var candidates = Enumerable.Range(0, 10_000).Count(_ => assigner.AssignKeyless(random) == RolloutArm.Candidate);

        var (lo, hi) = Tolerance(10_000, candidateBasisPoints / 10_000.0);
        Assert.InRange(candidates, lo, hi);
    }

    [Fact]
    public void Assign_EmptyKey_IsKeyless()
    {
        var all = new ArmAssigner(RolloutId, RolloutKind.Canary, 10_000);
        var none = new ArmAssigner(RolloutId, RolloutKind.Canary, 0);

        Assert.Equal(RolloutArm.Candidate, all.Assign(""));
        Assert.Equal(RolloutArm.Champion, none.Assign(""));
        Assert.Equal(RolloutArm.Candidate, all.AssignKeyless());
    }

    [Fact]
    public void Assign_Shadow_ChampionAnswersAndTheCandidateScores()
    {
        var assigner = ArmAssigner.For(Rollout(RolloutKind.Shadow, step: 0));

        Assert.True(assigner.ShadowScores);
        Assert.Equal(0, assigner.CandidateBasisPoints);
        Assert.All(Keys.Take(1000), k => Assert.Equal(RolloutArm.Champion, assigner.Assign(k)));
        Assert.Equal(RolloutArm.Champion, assigner.AssignKeyless());
    }

    [Fact]
    public void For_EndedRollout_SendsEverythingToTheChampion()
    {
        var assigner = ArmAssigner.For(Rollout(RolloutKind.Ab, step: 0) with { State = RolloutState.RolledBack });

        Assert.Equal(0, assigner.CandidateBasisPoints);
        Assert.All(Keys.Take(1000), k => Assert.Equal(RolloutArm.Champion, assigner.Assign(k)));
    }

    [Fact]
    public void For_AbRollout_UsesTheCandidateWeight()
    {
        var rollout = Rollout(RolloutKind.Ab, step: 0) with { Plan = new RolloutPlan(RolloutKind.Ab, 2, Weights: new RolloutWeights(70, 30)) };

        Assert.Equal(3_000, ArmAssigner.For(rollout).CandidateBasisPoints);
    }

    private static Rollout Rollout(RolloutKind kind, int step) =>
        new(RolloutId, "credit-risk", 1, new RolloutPlan(kind, 2).WithDefaults(), RolloutState.Running, step,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, "alice");
}
