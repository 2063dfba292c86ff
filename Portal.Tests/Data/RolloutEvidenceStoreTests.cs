using Portal.Core.Datasets;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;

namespace Portal.Tests.Data;

/// <summary>Run on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class RolloutEvidenceStoreTests
{
    public sealed class Sqlite : RolloutEvidenceStoreTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : RolloutEvidenceStoreTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await PostgresDatabase.CreateAsync();
    }

    protected abstract Task<IStoreDatabase> CreateDatabaseAsync();

    private static readonly DateTimeOffset Start = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    private static NewModelVersion Version(string model) => new(
        model, "tester", TrainerKind.FastTree, new Dictionary<string, double>(), null, null, "y", "yes", "no",
        new FeatureSchema([new FeatureSpec("x", ColumnType.Numeric)]),
        new Evaluation(new ModelMetrics(0.8, 0.7, 0.75, 0.7, 0.7, 0.2, 0.5, 20, 80), [], new ConfusionMatrix(7, 3, 8, 2)),
        null);

    private static Rollout NewRollout(RolloutKind kind) =>
        new(Guid.CreateVersion7(), "m", 1, new RolloutPlan(kind, 2).WithDefaults(), RolloutState.Running, 0, Start, Start, null, null, "alice");

    private async Task<IStoreDatabase> WithModelAsync()
    {
        var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();
        for (var v = 0; v < 2; v++)
            await registry.AddVersionAsync(Version("m"), (n, _) => Task.FromResult(new StoredArtefact($"m/v{n}.zip", new string('a', 64))));
        return db;
    }

    private static PredictionRecord Logged(Rollout? rollout, RolloutArm? arm, DateTimeOffset at, double probability, double latency = 2, Guid? pairedWith = null) =>
        new PredictionRecord(PredictionIds.Next(at), "m", arm == RolloutArm.Champion ? 1 : 2, null, "{}", probability >= 0.5 ? "yes" : "no", probability, latency, at) with
        {
            RolloutId = rollout?.Id,
            Arm = arm,
            PairedWith = pairedWith,
        };

    private static LabelRecord Label(PredictionRecord p, string label) => new(p.Id, label, null, "test", Start.AddHours(1), "bob");

    [Fact]
    public async Task Read_AbRollout_CountsEachArmExactlyAndJoinsLabels()
    {
        await using var db = await WithModelAsync();
        var rollout = NewRollout(RolloutKind.Ab);
        var other = NewRollout(RolloutKind.Ab);
        var champion = Enumerable.Range(0, 10).Select(i => Logged(rollout, RolloutArm.Champion, Start.AddSeconds(10 + i), i / 10.0, latency: i)).ToList();
        var candidate = Enumerable.Range(0, 6).Select(i => Logged(rollout, RolloutArm.Candidate, Start.AddSeconds(30 + i), 0.9, latency: 100 + i)).ToList();
        var noise = new[]
        {
            Logged(rollout, RolloutArm.Champion, Start.AddSeconds(5), 0.9), // before the window
            Logged(rollout, RolloutArm.Candidate, Start.AddSeconds(60), 0.9), // at its end, which is excluded
            Logged(other, RolloutArm.Candidate, Start.AddSeconds(40), 0.9), // another rollout
            Logged(null, null, Start.AddSeconds(41), 0.9), // no rollout
        };
        await db.Get<IPredictionStore>().AddBatchAsync([.. champion, .. candidate, .. noise]);
        await db.Get<ILabelStore>().UpsertAsync([Label(champion[0], "no"), Label(champion[7], "yes"), Label(champion[9], "other"), Label(candidate[2], "yes"), Label(noise[0], "yes")]);

        var read = await db.Get<IRolloutEvidenceStore>().ReadAsync(rollout, Start.AddSeconds(10), Start.AddSeconds(15), Start.AddSeconds(60));

        Assert.Equal((rollout.Id, Start.AddSeconds(10), Start.AddSeconds(15), Start.AddSeconds(60)), (read.RolloutId, read.Since, read.StepSince, read.Until));
        Assert.Equal((5L, 6L), (read.Champion.StepPredictions, read.Candidate.StepPredictions));
        Assert.Equal((RolloutArm.Champion, 1, 10L, 5L, 3L), (read.Champion.Arm, read.Champion.Version, read.Champion.Predictions, read.Champion.PredictedPositive, read.Champion.Labelled));
        Assert.Equal((RolloutArm.Candidate, 2, 6L, 6L, 1L), (read.Candidate.Arm, read.Candidate.Version, read.Candidate.Predictions, read.Candidate.PredictedPositive, read.Candidate.Labelled));
        Assert.Equal(RolloutArmRows.Empty(RolloutArm.Shadow, 2), read.Shadow);
        // Newest first, each with its label read as positive or not ("other" is a label, and not the positive class).
        Assert.Equal(champion.Select(p => p.Id).Reverse(), read.Champion.Rows.Select(r => r.Id));
        var byId = read.Champion.Rows.ToDictionary(r => r.Id);
        Assert.Equal(new RolloutEvidenceRow(champion[7].Id, 0.7, 7, true), byId[champion[7].Id]);
        Assert.Equal(new RolloutEvidenceRow(champion[0].Id, 0, 0, false), byId[champion[0].Id]);
        Assert.False(byId[champion[9].Id].Positive);
        Assert.Null(byId[champion[3].Id].Positive);
        Assert.Equal(new bool?[] { null, null, true, null, null, null }, read.Candidate.Rows.Select(r => r.Positive).Reverse());
    }

    [Fact]
    public async Task Read_MoreRowsThanTheBound_ReadsTheNewestAndCountsThemAll()
    {
        await using var db = await WithModelAsync();
        var rollout = NewRollout(RolloutKind.Canary);
        var champion = Enumerable.Range(0, 9).Select(i => Logged(rollout, RolloutArm.Champion, Start.AddSeconds(i), 0.8)).ToList();
        await db.Get<IPredictionStore>().AddBatchAsync(champion);
        await db.Get<ILabelStore>().UpsertAsync([Label(champion[0], "yes"), Label(champion[8], "no")]);

        var read = await db.Get<IRolloutEvidenceStore>().ReadAsync(rollout, Start, Start, Start.AddMinutes(1), maxRowsPerArm: 4);

        Assert.Equal((9L, 9L, 2L), (read.Champion.Predictions, read.Champion.PredictedPositive, read.Champion.Labelled));
        Assert.Equal(champion[5..].Select(p => p.Id).Reverse(), read.Champion.Rows.Select(r => r.Id));
        Assert.Equal(RolloutArmRows.Empty(RolloutArm.Candidate, 2), read.Candidate);
    }

    [Fact]
    public async Task Read_ShadowRows_TakeTheLabelAndProbabilityOfTheirChampionPrediction()
    {
        await using var db = await WithModelAsync();
        var rollout = NewRollout(RolloutKind.Shadow);
        var champion = Enumerable.Range(0, 4).Select(i => Logged(rollout, RolloutArm.Champion, Start.AddSeconds(i), 0.2 * i)).ToList();
        var shadow = champion.Select((c, i) => Logged(rollout, RolloutArm.Shadow, c.At.AddMilliseconds(3), new[] { 0.9, 0.7, 0.6, 0.3 }[i], latency: 7, pairedWith: c.Id)).ToList();
        var unpaired = Logged(rollout, RolloutArm.Shadow, Start.AddSeconds(9), 0.4);
        await db.Get<IPredictionStore>().AddBatchAsync([.. champion, .. shadow, unpaired]);
        await db.Get<ILabelStore>().UpsertAsync([Label(champion[1], "yes"), Label(champion[2], "no")]);

        var read = await db.Get<IRolloutEvidenceStore>().ReadAsync(rollout, Start, Start, Start.AddMinutes(1));

        Assert.Equal((4L, 2L), (read.Champion.Predictions, read.Champion.Labelled));
        Assert.Equal((RolloutArm.Shadow, 2, 5L, 3L, 2L), (read.Shadow.Arm, read.Shadow.Version, read.Shadow.Predictions, read.Shadow.PredictedPositive, read.Shadow.Labelled));
        Assert.Equal(0, read.Candidate.Predictions);
        Assert.Equal(
            [
                new RolloutEvidenceRow(unpaired.Id, 0.4, 2, null),
                new RolloutEvidenceRow(shadow[3].Id, shadow[3].Probability, 7, null, champion[3].Id, champion[3].Probability),
                new RolloutEvidenceRow(shadow[2].Id, shadow[2].Probability, 7, false, champion[2].Id, champion[2].Probability),
                new RolloutEvidenceRow(shadow[1].Id, shadow[1].Probability, 7, true, champion[1].Id, champion[1].Probability),
                new RolloutEvidenceRow(shadow[0].Id, shadow[0].Probability, 7, null, champion[0].Id, champion[0].Probability),
            ],
            read.Shadow.Rows);
    }

    [Fact]
    public async Task ReadBuildJudge_ShadowThatIsWorseOnTheSameRequests_IsRolledBack()
    {
        await using var db = await WithModelAsync();
        var rollout = NewRollout(RolloutKind.Shadow);
        // 120 labelled requests: the champion is right on all of them, the shadow on a third.
        var champion = Enumerable.Range(0, 120).Select(i => Logged(rollout, RolloutArm.Champion, Start.AddSeconds(i), i % 2 == 0 ? 0.9 : 0.1)).ToList();
        var shadow = champion.Select((c, i) => Logged(rollout, RolloutArm.Shadow, c.At.AddMilliseconds(2), i % 3 == 0 ? c.Probability : 1 - c.Probability, pairedWith: c.Id)).ToList();
        await db.Get<IPredictionStore>().AddBatchAsync([.. champion, .. shadow]);
        await db.Get<ILabelStore>().UpsertAsync(champion.Select(c => Label(c, c.Probability > 0.5 ? "yes" : "no")).ToList());

        var rows = await db.Get<IRolloutEvidenceStore>().ReadAsync(rollout, Start, Start, Start.AddHours(1));
        var evidence = RolloutEvidenceBuilder.Build(rollout, rows, Start.AddHours(1));
        var verdict = RolloutJudge.Judge(rollout, evidence, Portal.Core.Gates.ModelGates.Off, Start.AddHours(1));

        Assert.Equal((120L, 120L, 80L), (evidence.Shadow!.Pairs, evidence.Shadow.LabelledPairs, evidence.Shadow.Disagreements));
        Assert.Equal((80L, 0L), (evidence.Shadow.McNemar!.ChampionOnly, evidence.Shadow.McNemar.CandidateOnly));
        Assert.Equal((1.0, 40.0 / 120), (evidence.Champion.Accuracy, evidence.Candidate.Accuracy));
        Assert.Equal(RolloutAction.RolledBack, verdict.Action);
        Assert.StartsWith("The shadow is significantly worse on the same requests: of 120 labelled pairs only the champion got 80 right and only the shadow 0", verdict.Reason);
    }

    [Fact]
    public async Task ReadBuildJudge_CanaryWithEnoughPredictionsAtItsStep_StepsUp()
    {
        await using var db = await WithModelAsync();
        var rollout = NewRollout(RolloutKind.Canary) with { Plan = new RolloutPlan(RolloutKind.Canary, 2, Steps: [10, 100], MinSamplesPerStep: 20).WithDefaults() };
        // 10% of 300 requests went to the candidate, all since the step began.
        var logged = Enumerable.Range(0, 300).Select(i => Logged(rollout, i % 10 == 0 ? RolloutArm.Candidate : RolloutArm.Champion, Start.AddSeconds(i), 0.7)).ToList();
        await db.Get<IPredictionStore>().AddBatchAsync(logged);

        var rows = await db.Get<IRolloutEvidenceStore>().ReadAsync(rollout, Start, Start, Start.AddHours(1));
        var evidence = RolloutEvidenceBuilder.Build(rollout, rows, Start.AddHours(1));
        var verdict = RolloutJudge.Judge(rollout, evidence, Portal.Core.Gates.ModelGates.Off, Start.AddHours(1));

        Assert.Equal([270L, 30L], evidence.SampleRatio!.Observed);
        Assert.False(evidence.SampleRatio.Mismatch);
        Assert.Equal(new RolloutVerdict(RolloutAction.StepUp, "The candidate served 30 predictions at 10% (at least 20) with nothing against it: step up to 100%."), verdict);
    }
}
