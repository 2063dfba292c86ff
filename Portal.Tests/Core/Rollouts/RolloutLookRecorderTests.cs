using Portal.Core.Rollouts;
using Portal.Core.Statistics;

namespace Portal.Tests.Core.Rollouts;

/// <summary>The thinning rule at its boundaries, what a look holds per kind, and a store that fails (the decision goes on).</summary>
public sealed class RolloutLookRecorderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static Rollout NewRollout(RolloutKind kind, int step = 0) =>
        new(Guid.Parse("0192f1d4-5a6b-7c8d-9e0f-112233445566"), "m", 1, new RolloutPlan(kind, 2).WithDefaults(), RolloutState.Running, step, Start, Start, null, null, "alice");

    private static RolloutEvidence Evidence(DateTimeOffset at, SequentialLook? sequential = null, ShadowComparison? shadow = null, RolloutLiveCounts? live = null) =>
        new(Guid.Empty, at, Start, Start,
            ArmEvidence.Empty(RolloutArm.Champion, 1) with { Predictions = 90, PredictedPositive = 30, PredictedPositiveRate = 1 / 3.0, Labelled = 40, Accuracy = 0.9, Auc = 0.95 },
            ArmEvidence.Empty(RolloutArm.Candidate, 2) with { Predictions = 10, Labelled = 5, Accuracy = 0.8, LatencyP95Ms = 2.5 },
            shadow, null, sequential, live);

    private static RolloutLook Look(DateTimeOffset at, int step = 0, RolloutState state = RolloutState.Running) =>
        RolloutLookRecorder.Of(NewRollout(RolloutKind.Canary, step) with { State = state }, Evidence(at));

    [Fact]
    public void MinGap_IsTheIntervalEarlyThenA500thOfTheAge()
    {
        Assert.Equal(Interval, RolloutLookThinning.MinGap(Interval, Start, Start));
        // The age's share passes the interval at 500 intervals (about 4 h 10 min for 30 s).
        Assert.Equal(Interval, RolloutLookThinning.MinGap(Interval, Start, Start + Interval * 500));
        Assert.Equal(TimeSpan.FromSeconds(1209.6), RolloutLookThinning.MinGap(Interval, Start, Start.AddDays(7)));
    }

    [Fact]
    public void Keep_FirstLook_AGapLongEnough_OrAStepOrStateChange()
    {
        var last = Look(Start.AddMinutes(1));
        Assert.True(RolloutLookThinning.Keep(null, last, Start, Interval));
        Assert.False(RolloutLookThinning.Keep(last, Look(Start.AddMinutes(1) + Interval - TimeSpan.FromTicks(1)), Start, Interval));
        Assert.True(RolloutLookThinning.Keep(last, Look(Start.AddMinutes(1) + Interval), Start, Interval));
        Assert.True(RolloutLookThinning.Keep(last, Look(Start.AddMinutes(1).AddSeconds(1), step: 1), Start, Interval));
        Assert.True(RolloutLookThinning.Keep(last, Look(Start.AddMinutes(1).AddSeconds(1), state: RolloutState.RolledBack), Start, Interval));

        // Ten hours in, the gap is 72 s: 60 s after the last kept look is too soon.
        var late = Look(Start.AddHours(10));
        Assert.False(RolloutLookThinning.Keep(late, Look(Start.AddHours(10).AddSeconds(60)), Start, Interval));
        Assert.True(RolloutLookThinning.Keep(late, Look(Start.AddHours(10).AddSeconds(73)), Start, Interval));
    }

    [Fact]
    public void Of_AbLook_HoldsTheArmsAndTheSequentialPValueWithItsAlpha()
    {
        var sequential = SequentialLook.Resume(0.2, SequentialDecision.Undecided) with { Difference = -0.1, Variance = 0.01 };
        var look = RolloutLookRecorder.Of(NewRollout(RolloutKind.Ab), Evidence(Start.AddMinutes(3), sequential, live: new RolloutLiveCounts(90, 10, 4, 0, 0, 0)));

        Assert.Equal(Start.AddMinutes(3), look.At);
        Assert.Equal(5000, look.CandidateBasisPoints);
        Assert.Equal(new RolloutLookArm(1, 90, null, 1 / 3.0, 40, 0.9, 0.95, null), look.Champion);
        Assert.Equal(new RolloutLookArm(2, 10, 4, null, 5, 0.8, null, 2.5), look.Candidate);
        Assert.Equal(0.2, look.PValue);
        Assert.Equal(RolloutDefaults.SequentialAlpha, look.Alpha);
        Assert.Null(look.DisagreementRate);
    }

    [Fact]
    public void Of_ShadowLook_HoldsTheDisagreementAndMcNemarAtThePairedAlpha()
    {
        var shadow = new ShadowComparison(100, 50, 7, 0.07, new McNemarResult(5, 2, true, 2, 0.45), null, []);
        var look = RolloutLookRecorder.Of(NewRollout(RolloutKind.Shadow), Evidence(Start.AddMinutes(3), shadow: shadow, live: new RolloutLiveCounts(100, 0, 0, 100, 3, 0)));

        Assert.Equal(0, look.CandidateBasisPoints);
        Assert.Equal(3, look.Candidate.Errors);
        Assert.Null(look.PValue);
        Assert.Equal(0.07, look.DisagreementRate);
        Assert.Equal(0.45, look.McNemarPValue);
        Assert.Equal(RolloutDefaults.PairedAlpha, look.Alpha);
    }

    [Fact]
    public async Task RecordAsync_StoreFails_ReportsItAndReturnsWithoutThrowing()
    {
        var recorder = new RolloutLookRecorder(new FailingStore(), new RolloutLookSettings(Interval));
        var failures = new List<Guid>();
        recorder.StoreFailed += (id, _) => failures.Add(id);
        var rollout = NewRollout(RolloutKind.Canary);

        Assert.False(await recorder.RecordAsync(rollout, Evidence(Start.AddMinutes(1))));
        Assert.Equal([rollout.Id], failures);
    }

    private sealed class FailingStore : IRolloutLookStore
    {
        public Task AppendAsync(RolloutLook look, CancellationToken ct = default) => throw new IOException("disk full");

        public Task<RolloutLook?> LastAsync(Guid rolloutId, CancellationToken ct = default) => Task.FromResult<RolloutLook?>(null);

        public Task<IReadOnlyList<RolloutLook>> ListLooksAsync(Guid rolloutId, CancellationToken ct = default) => throw new IOException("disk full");
    }
}
