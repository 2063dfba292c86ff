using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;

namespace Portal.Tests.Core.Rollouts;

public sealed class RolloutPlanValidationTests
{
    private static ModelVersionInfo Version(int version, ModelStage stage = ModelStage.None) =>
        new("credit-risk", version, DateTimeOffset.UnixEpoch, "alice", TrainerKind.FastTree, new Dictionary<string, double>(), null, null,
            "Status", "bad", "good", new FeatureSchema([]),
            new Evaluation(new ModelMetrics(0.8, 0.6, 0.8, 0.6, 0.6, 0.15, 0.45, 500, 2000), [], new ConfusionMatrix(1, 1, 1, 1)),
            "credit-risk/v" + version + ".zip", "", [], stage, null);

    private static IReadOnlyDictionary<string, string[]> Errors(RolloutPlan plan) => RolloutPlanValidation.Validate(plan);

    [Theory]
    [InlineData(RolloutKind.Canary)]
    [InlineData(RolloutKind.Ab)]
    [InlineData(RolloutKind.Shadow)]
    public void Validate_KindAndCandidateOnly_IsValidAndGetsTheDefaults(RolloutKind kind)
    {
        var plan = new RolloutPlan(kind, 2);

        Assert.Empty(RolloutPlanValidation.Validate(plan, championVersion: 1, Version(2)));
        var full = plan.WithDefaults();
        Assert.Empty(Errors(full));
        Assert.Equal(RolloutDefaults.MinSamplesPerStep, full.MinSamplesPerStep);
        Assert.Equal(RolloutDefaults.MaxDuration, full.MaxDuration);
        Assert.Equal(RollbackPolicy.Default, full.RollbackOn);
        Assert.Equal(kind == RolloutKind.Canary ? RolloutDefaults.CanarySteps : null, full.Steps);
        Assert.Equal(kind == RolloutKind.Ab ? RolloutDefaults.AbWeights : null, full.Weights);
        Assert.Equal(kind == RolloutKind.Shadow ? null : RolloutStickyKey.Header, full.StickyKey);
    }

    [Theory]
    [InlineData(new[] { 5, 25, 50, 100 }, null)]
    [InlineData(new[] { 100 }, null)]
    [InlineData(new[] { 5, 25, 50 }, "must end at 100")]
    [InlineData(new[] { 25, 5, 100 }, "must increase")]
    [InlineData(new[] { 5, 5, 100 }, "must increase")]
    [InlineData(new[] { 0, 50, 100 }, "above 0 and at most 100")]
    [InlineData(new[] { 50, 101 }, "above 0 and at most 100")]
    [InlineData(new int[0], "at least one step")]
    public void Validate_CanarySteps_StrictlyIncreasingEndingAt100(int[] steps, string? error)
    {
        var errors = Errors(new RolloutPlan(RolloutKind.Canary, 2, Steps: steps));

        if (error is null) Assert.Empty(errors);
        else Assert.Contains(error, Assert.Single(Assert.Single(errors, e => e.Key == "steps").Value), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TooManySteps_NamesSteps() =>
        Assert.Contains("steps", Errors(new RolloutPlan(RolloutKind.Canary, 2, Steps: Enumerable.Range(1, 21).Select(i => i * 100 / 21).Append(100).ToArray())).Keys);

    [Theory]
    [InlineData(50, 50, new string[0])]
    [InlineData(90, 10, new string[0])]
    [InlineData(60, 50, new[] { "weights" })]
    [InlineData(100, 0, new[] { "weights.champion", "weights.candidate" })]
    [InlineData(-10, 110, new[] { "weights.champion", "weights.candidate" })]
    public void Validate_AbWeights_SumTo100WithBothArmsServing(int champion, int candidate, string[] fields)
    {
        var errors = Errors(new RolloutPlan(RolloutKind.Ab, 2, Weights: new RolloutWeights(champion, candidate)));

        Assert.Equal(fields.Order(), errors.Keys.Order());
    }

    [Theory]
    [InlineData(RolloutKind.Ab, "steps")]
    [InlineData(RolloutKind.Shadow, "steps")]
    [InlineData(RolloutKind.Canary, "weights")]
    [InlineData(RolloutKind.Shadow, "weights")]
    [InlineData(RolloutKind.Shadow, "stickyKey")]
    public void Validate_FieldOfAnotherKind_IsNamed(RolloutKind kind, string field)
    {
        var plan = field switch
        {
            "steps" => new RolloutPlan(kind, 2, Steps: [50, 100]),
            "weights" => new RolloutPlan(kind, 2, Weights: new RolloutWeights(50, 50)),
            _ => new RolloutPlan(kind, 2, StickyKey: RolloutStickyKey.Header),
        };

        Assert.Equal([field], Errors(plan).Keys);
    }

    [Fact]
    public void Validate_OutOfBoundsLimits_NameEachField()
    {
        var plan = new RolloutPlan(RolloutKind.Canary, 0, MinSamplesPerStep: 1, MaxDuration: TimeSpan.FromDays(365),
            RollbackOn: new RollbackPolicy(ErrorRateMargin: 1.5, P95LatencyMarginMs: double.NaN), StickyKey: new RolloutStickyKey(StickyKeySource.Feature, " "));

        Assert.Equal(
            new[] { "candidateVersion", "maxDuration", "minSamplesPerStep", "rollbackOn.errorRateMargin", "rollbackOn.p95LatencyMarginMs", "stickyKey" },
            Errors(plan).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Validate_LimitsAtTheirBounds_AreValid() =>
        Assert.Empty(Errors(new RolloutPlan(RolloutKind.Ab, 2, MinSamplesPerStep: RolloutDefaults.MinSamplesPerStepFloor,
            MaxDuration: RolloutDefaults.MaxDurationCeiling, RollbackOn: new RollbackPolicy(0, 0, Gates: false))));

    [Fact]
    public void Validate_CandidateIsTheChampion_NamesCandidateVersion()
    {
        var errors = RolloutPlanValidation.Validate(new RolloutPlan(RolloutKind.Canary, 1), championVersion: 1, Version(1, ModelStage.Production));

        Assert.Contains("is the champion", Assert.Single(errors["candidateVersion"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CandidateMissing_NamesCandidateVersion() =>
        Assert.Contains("does not exist", Assert.Single(RolloutPlanValidation.Validate(new RolloutPlan(RolloutKind.Ab, 7), 1, null)["candidateVersion"]), StringComparison.Ordinal);

    [Fact]
    public void Validate_CandidateArchived_NamesCandidateVersion() =>
        Assert.Contains("archived", Assert.Single(RolloutPlanValidation.Validate(new RolloutPlan(RolloutKind.Ab, 2), 3, Version(2, ModelStage.Archived))["candidateVersion"]), StringComparison.Ordinal);

    [Fact]
    public void Validate_ChallengerCandidate_IsValid() =>
        Assert.Empty(RolloutPlanValidation.Validate(new RolloutPlan(RolloutKind.Shadow, 2), 1, Version(2, ModelStage.Staging)));

    [Fact]
    public void Validate_NoChampion_NamesModel() =>
        Assert.Equal(["model"], RolloutPlanValidation.Validate(new RolloutPlan(RolloutKind.Ab, 2), null, Version(2)).Keys);

    [Fact]
    public void EnsureValid_ActiveRolloutExists_ThrowsConflictNamingIt()
    {
        var active = new Rollout(Guid.NewGuid(), "credit-risk", 1, new RolloutPlan(RolloutKind.Ab, 3).WithDefaults(), RolloutState.Paused, 0,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, "alice");

        var ex = Assert.Throws<RolloutConflictException>(() => RolloutPlanValidation.EnsureValid("credit-risk", new RolloutPlan(RolloutKind.Ab, 2), 1, Version(2), active));

        Assert.Equal(active.Id, ex.ActiveId);
    }

    [Fact]
    public void EnsureValid_EndedRolloutAndBadWeights_ThrowsValidationNamingTheField()
    {
        var ended = new Rollout(Guid.NewGuid(), "credit-risk", 1, new RolloutPlan(RolloutKind.Ab, 3).WithDefaults(), RolloutState.Aborted, 0,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "by hand", "alice");

        var ex = Assert.Throws<RolloutValidationException>(() =>
            RolloutPlanValidation.EnsureValid("credit-risk", new RolloutPlan(RolloutKind.Ab, 2, Weights: new RolloutWeights(40, 40)), 1, Version(2), ended));

        Assert.Equal(["weights"], ex.Errors.Keys);
    }
}
