using System.Text;
using MathNet.Numerics.Distributions;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Serving;

namespace Portal.Tests.Core.Rollouts;

/// <summary>The predict path under a rollout: the split, sticky keys, pinning, the candidate's faults, shadow scoring.</summary>
public sealed class RolloutRoutingTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "portal-rollouts", Guid.NewGuid().ToString("N"))).FullName;
    private readonly ModelServer _server;
    private readonly ArtefactStore _artefacts;
    private readonly PredictionLog _log = new(100_000);
    private readonly ShadowQueue _shadow = new(10_000);
    private readonly PredictionService _predictions;
    private ServedModel _v2 = default!, _v3 = default!;

    public RolloutRoutingTests()
    {
        _artefacts = new ArtefactStore(_root);
        _server = new ModelServer(_artefacts, TimeProvider.System);
        _predictions = new PredictionService(_server, _log, TimeProvider.System, shadow: _shadow);
    }

    public async Task InitializeAsync() => (_v2, _v3) = await RolloutModels.ServeAsync(_server, _artefacts);

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private static byte[] Row(int i) => RolloutModels.Rows[i % RolloutModels.Rows.Length];

    private Prediction Predict(int i, string? key = null, string? alias = null, int? version = null) =>
        _predictions.Predict(RolloutModels.Model, alias, version, Row(i), key).Value!;

    /// <summary>
    /// The two-sided acceptance interval of a Binomial(n, p) count at level alpha, from the distribution. Keyless requests
    /// draw from an unseeded generator, so alpha is one in a million: a fair split fails this test that rarely.
    /// </summary>
    private static (int Lo, int Hi) Tolerance(int n, double p, double alpha = 1e-6)
    {
        var lo = 0;
        while (lo < n && Binomial.CDF(p, n, lo) <= alpha / 2) lo++;
        var hi = n;
        while (hi > 0 && 1 - Binomial.CDF(p, n, hi - 1) <= alpha / 2) hi--;
        return (lo, hi);
    }

    [Fact]
    public void Ab5050_KeylessRequests_SplitWithinTheBinomialTolerance_AndEveryRecordNamesItsArm()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Ab, 2, weights: new RolloutWeights(50, 50));
        _server.StartRollout(rollout, _v2);

        const int n = 4000;
        var candidate = Enumerable.Range(0, n).Count(i => Predict(i).Version == 2);

        // n = 4,000, p = 0.5: sd = 31.6; the 1e-6 interval is about +-4.9 sd (2,000 +- 155).
        var (lo, hi) = Tolerance(n, 0.5);
        Assert.InRange(candidate, lo, hi);
        Assert.Equal(new RolloutLiveCounts(n - candidate, candidate, 0, 0, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        var records = RolloutModels.Drain(_log);
        Assert.Equal(n, records.Count);
        Assert.All(records, r => Assert.Equal(rollout.Id, r.RolloutId));
        Assert.All(records, r => Assert.Equal(r.Version == 2 ? RolloutArm.Candidate : RolloutArm.Champion, r.Arm));
        Assert.All(records, r => Assert.Equal(r.Version == 2 ? null : ModelAliases.Champion, r.Alias));
    }

    [Fact]
    public void StickyHeaderKey_GetsTheSameVersionEveryTime_TheAssignersArm()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Ab, 2, weights: new RolloutWeights(50, 50));
        _server.StartRollout(rollout, _v2);
        var assigner = ArmAssigner.For(rollout);

        var keys = Enumerable.Range(0, 300).Select(i => $"customer-{i}").ToArray();
        foreach (var key in keys)
        {
            var expected = assigner.Assign(key) == RolloutArm.Candidate ? 2 : 1;
            for (var repeat = 0; repeat < 4; repeat++) Assert.Equal(expected, Predict(repeat * 7 + key.Length, key).Version);
        }

        Assert.InRange(keys.Count(k => assigner.Assign(k) == RolloutArm.Candidate), 100, 200); // both arms are exercised
    }

    [Fact]
    public void FeatureKey_TheFeaturesRawValueIsTheKey()
    {
        // The key is one of the request's features (a customer id in practice; here the first feature), its raw JSON text.
        var rollout = RolloutModels.Rollout(RolloutKind.Ab, 2, weights: new RolloutWeights(50, 50), sticky: RolloutStickyKey.OfFeature("mean_radius"));
        _server.StartRollout(rollout, _v2);
        var assigner = ArmAssigner.For(rollout);

        var seen = new HashSet<int>();
        for (var i = 0; i < RolloutModels.Rows.Length; i++)
        {
            var raw = Encoding.UTF8.GetString(Row(i)).Split(',')[0].Split(':')[1]; // "mean_radius":17.99 -> 17.99
            var expected = assigner.Assign(raw) == RolloutArm.Candidate ? 2 : 1;
            for (var repeat = 0; repeat < 3; repeat++) Assert.Equal(expected, Predict(i, key: "the header is not the key").Version);
            seen.Add(expected);
        }

        Assert.Equal([1, 2], seen.Order());
    }

    [Fact]
    public void PinnedVersionOrAlias_BypassesTheRollout()
    {
        _server.StartRollout(RolloutModels.Rollout(RolloutKind.Canary, 2, steps: [100]), _v2);

        Assert.Equal(2, Predict(0).Version);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(1, Predict(i, "k", version: 1).Version);
            Assert.Equal(1, Predict(i, "k", alias: ModelAliases.Champion).Version);
        }

        Assert.Equal(new RolloutLiveCounts(0, 1, 0, 0, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        Assert.Equal(40, RolloutModels.Drain(_log).Count(r => r.RolloutId is null && r.Arm is null));
    }

    [Fact]
    public void CandidateWhoseBindingFails_TheChampionAnswers_AndTheErrorIsCountedAgainstTheCandidate()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Canary, 3, steps: [100]);
        _server.StartRollout(rollout, _v3); // v3 does not know worst_fractal_dimension, which every request sends

        for (var i = 0; i < 25; i++) Assert.Equal(1, Predict(i).Version);
        var batch = _predictions.PredictBatch(RolloutModels.Model, null, null, RolloutModels.Instances(5), 100).Value!;
        Assert.Equal(1, batch.Version);

        Assert.Equal(new RolloutLiveCounts(26, 0, 26, 0, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        Assert.All(RolloutModels.Drain(_log), r => Assert.Equal((1, RolloutArm.Champion, rollout.Id), (r.Version, r.Arm!.Value, r.RolloutId!.Value)));
    }

    [Fact]
    public void CallersBadInput_IsTheCallersInvalidInput_NotACandidateError()
    {
        _server.StartRollout(RolloutModels.Rollout(RolloutKind.Canary, 2, steps: [100]), _v2);

        var outcome = _predictions.Predict(RolloutModels.Model, null, null, "{\"mean_radius\":\"big\"}"u8, "k");

        Assert.Equal(PredictFailure.InvalidInput, outcome.Failure);
        Assert.Contains("mean_radius", outcome.Errors!.Keys);
        Assert.Equal(new RolloutLiveCounts(0, 0, 0, 0, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        Assert.Empty(RolloutModels.Drain(_log));
    }

    [Fact]
    public void Batch_IsOneRequest_OneArmForAllItsRows()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Ab, 2, weights: new RolloutWeights(50, 50));
        _server.StartRollout(rollout, _v2);
        var assigner = ArmAssigner.For(rollout);
        var candidateKey = Enumerable.Range(0, 100).Select(i => $"k{i}").First(k => assigner.Assign(k) == RolloutArm.Candidate);

        var batch = _predictions.PredictBatch(RolloutModels.Model, null, null, RolloutModels.Instances(10), 100, candidateKey).Value!;

        Assert.Equal(2, batch.Version);
        Assert.All(batch.Predictions, p => Assert.Equal(2, p.Version));
        Assert.Equal(new RolloutLiveCounts(0, 1, 0, 0, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        Assert.All(RolloutModels.Drain(_log), r => Assert.Equal(RolloutArm.Candidate, r.Arm));
    }

    [Fact]
    public void Shadow_TheChampionAnswers_AndTheCandidatesScoreIsLoggedPairedWithIt()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Shadow, 2);
        _server.StartRollout(rollout, _v2);

        var answered = Enumerable.Range(0, 10).Select(i => Predict(i, $"k{i}")).ToList();
        Assert.All(answered, p => Assert.Equal(1, p.Version));
        Assert.Equal(10, _shadow.Pending);

        while (_shadow.Reader.TryRead(out var request)) _predictions.ScoreShadow(request);

        var records = RolloutModels.Drain(_log);
        var shadows = records.Where(r => r.Arm == RolloutArm.Shadow).ToList();
        var champions = records.Where(r => r.Arm == RolloutArm.Champion).ToList();
        Assert.Equal(answered.Select(p => p.PredictionId), champions.Select(r => r.Id));
        Assert.Equal(answered.Select(p => (Guid?)p.PredictionId), shadows.Select(r => r.PairedWith));
        Assert.All(shadows, r => Assert.Equal((2, rollout.Id, (string?)null), (r.Version, r.RolloutId!.Value, r.Alias)));
        // Both scored the same inputs.
        Assert.Equal(champions.Select(r => r.InputsJson), shadows.Select(r => r.InputsJson));
        Assert.Equal(new RolloutLiveCounts(10, 0, 0, 10, 0, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
    }

    [Fact]
    public void Shadow_CandidateThatCannotScore_CountsAShadowError_AndTheCallerSeesNothing()
    {
        _server.StartRollout(RolloutModels.Rollout(RolloutKind.Shadow, 3), _v3);

        Assert.Equal(1, Predict(0).Version);
        while (_shadow.Reader.TryRead(out var request)) _predictions.ScoreShadow(request);

        Assert.Equal(new RolloutLiveCounts(1, 0, 0, 0, 1, 0), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
        Assert.DoesNotContain(RolloutModels.Drain(_log), r => r.Arm == RolloutArm.Shadow);
    }

    [Fact]
    public void Shadow_QueueFull_ShedsAndCounts_WithoutWaiting()
    {
        var shadow = new ShadowQueue(capacity: 3);
        var predictions = new PredictionService(_server, _log, TimeProvider.System, shadow: shadow);
        _server.StartRollout(RolloutModels.Rollout(RolloutKind.Shadow, 2), _v2);

        for (var i = 0; i < 8; i++) Assert.Equal(1, predictions.Predict(RolloutModels.Model, null, null, Row(i)).Value!.Version);

        Assert.Equal(3, shadow.Pending);
        Assert.Equal(new RolloutLiveCounts(8, 0, 0, 0, 0, 5), _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot());
    }

    [Fact]
    public void UpdateRollout_StepUp_RaisesTheShare_KeepsTheCounters_AndKeysOnTheCandidateStayThere()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Canary, 2, steps: [10, 60]);
        _server.StartRollout(rollout, _v2);
        var keys = Enumerable.Range(0, 2000).Select(i => $"key-{i}").ToArray();

        var before = keys.Select(k => Predict(k.Length, k).Version).ToArray();
        _server.UpdateRollout(rollout with { CurrentStep = 1 });
        var after = keys.Select(k => Predict(k.Length, k).Version).ToArray();

        // Fixed keys: the shares are exact properties of the hash; the tolerance is the binomial one at these n.
        var (lo10, hi10) = Tolerance(keys.Length, 0.10);
        var (lo60, hi60) = Tolerance(keys.Length, 0.60);
        Assert.InRange(before.Count(v => v == 2), lo10, hi10);
        Assert.InRange(after.Count(v => v == 2), lo60, hi60);
        Assert.All(Enumerable.Range(0, keys.Length).Where(i => before[i] == 2), i => Assert.Equal(2, after[i]));
        var counts = _server.RolloutOf(RolloutModels.Model)!.Stats.Snapshot();
        Assert.Equal(2 * keys.Length, counts.ChampionServed + counts.CandidateServed);
        Assert.Equal(6000, _server.RolloutOf(RolloutModels.Model)!.Assigner.CandidateBasisPoints);
    }

    [Fact]
    public void UpdateRollout_OtherIdIsIgnored_TerminalStateEndsIt()
    {
        var rollout = RolloutModels.Rollout(RolloutKind.Canary, 2, steps: [100]);
        _server.StartRollout(rollout, _v2);

        _server.UpdateRollout(rollout with { Id = Guid.NewGuid(), State = RolloutState.Aborted });
        Assert.Equal(2, Predict(0).Version);

        _server.UpdateRollout(rollout with { State = RolloutState.RolledBack });
        Assert.Null(_server.RolloutOf(RolloutModels.Model));
        Assert.Equal(1, Predict(0).Version);
    }

    [Fact]
    public void EndRollout_TheChampionAnswersEveryRequestAgain()
    {
        _server.StartRollout(RolloutModels.Rollout(RolloutKind.Canary, 2, steps: [100]), _v2);
        Assert.Equal(2, Predict(0, "k").Version);

        _server.EndRollout(RolloutModels.Model);

        Assert.Null(_server.RolloutOf(RolloutModels.Model));
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(1, Predict(i, $"k{i}").Version));
        Assert.All(RolloutModels.Drain(_log).Skip(1), r => Assert.Null(r.RolloutId));
    }
}
