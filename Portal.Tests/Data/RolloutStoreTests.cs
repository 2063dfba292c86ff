using Microsoft.EntityFrameworkCore;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Core.Training;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Run on both providers: <see cref="Sqlite"/> and <see cref="Postgres"/>.</summary>
public abstract class RolloutStoreTests
{
    public sealed class Sqlite : RolloutStoreTests
    {
        protected override async Task<IStoreDatabase> CreateDatabaseAsync() => await SqliteDatabase.CreateAsync();
    }

    public sealed class Postgres : RolloutStoreTests
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

    private async Task<IStoreDatabase> WithModelsAsync(params string[] models)
    {
        var db = await CreateDatabaseAsync();
        var registry = db.Get<IModelRegistry>();
        foreach (var model in models)
        {
            for (var v = 0; v < 2; v++)
                await registry.AddVersionAsync(Version(model), (n, _) => Task.FromResult(new StoredArtefact($"{model}/v{n}.zip", new string('a', 64))));
        }

        return db;
    }

    private static Rollout NewRollout(string model, RolloutPlan plan, DateTimeOffset? at = null) =>
        new(Guid.CreateVersion7(), model, 1, plan.WithDefaults(), RolloutState.Running, 0, at ?? Start, at ?? Start, null, null, "alice");

    private static RolloutDecision Started(DateTimeOffset? at = null) => new(at ?? Start, RolloutAction.Started, "started by alice", "alice", 0);

    [Fact]
    public async Task Create_ThenGet_RoundTripsEveryField()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var plan = new RolloutPlan(RolloutKind.Canary, 2, Steps: [10, 40, 100], StickyKey: RolloutStickyKey.OfFeature("customer_id"),
            MinSamplesPerStep: 250, MaxDuration: TimeSpan.FromHours(36), RollbackOn: new RollbackPolicy(0.02, 12.5, Gates: false));
        var rollout = NewRollout("m", plan, Start.ToOffset(TimeSpan.FromHours(2)));

        await store.CreateAsync(rollout, Started());

        var stored = await store.GetAsync(rollout.Id);
        Assert.Equal(rollout, stored);
        Assert.Equal(plan.WithDefaults(), stored!.Plan);
        Assert.Equal([10, 40, 100], stored.Plan.Steps);
        Assert.Equal(rollout.StartedAt, stored.StartedAt);
        var decision = Assert.Single(await store.ListDecisionsAsync(rollout.Id));
        Assert.Equal(Started(), decision);
    }

    [Theory]
    [InlineData(RolloutKind.Ab)]
    [InlineData(RolloutKind.Shadow)]
    public async Task Create_DefaultPlans_RoundTrip(RolloutKind kind)
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var rollout = NewRollout("m", new RolloutPlan(kind, 2));

        await store.CreateAsync(rollout, Started());

        Assert.Equal(rollout, await store.GetAsync(rollout.Id));
    }

    [Fact]
    public async Task Create_SecondActiveForTheModel_ThrowsConflictNamingTheFirst()
    {
        await using var db = await WithModelsAsync("m", "other");
        var store = db.Get<IRolloutStore>();
        var first = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Ab, 2)), Started());
        await store.UpdateAsync(first.Id, RolloutState.Running, RolloutState.Paused, 0, new RolloutDecision(Start.AddMinutes(1), RolloutAction.Paused, "by hand", "bob", 0));

        var ex = await Assert.ThrowsAsync<RolloutConflictException>(() => store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Shadow, 2)), Started()));

        Assert.Equal(first.Id, ex.ActiveId);
        Assert.Single(await store.ListAsync("m"));
        // Another model is not held by it.
        await store.CreateAsync(NewRollout("other", new RolloutPlan(RolloutKind.Ab, 2)), Started());
        Assert.Equal(2, (await store.ListActiveAsync()).Count);
    }

    [Fact]
    public async Task Create_TwoAtOnceForOneModel_ExactlyOneSucceedsAndTheOtherConflicts()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var a = NewRollout("m", new RolloutPlan(RolloutKind.Ab, 2));
        var b = NewRollout("m", new RolloutPlan(RolloutKind.Canary, 2));
        using var go = new Barrier(2);

        var results = await Task.WhenAll(new[] { a, b }.Select(r => Task.Run(async () =>
        {
            go.SignalAndWait();
            try
            {
                await store.CreateAsync(r, Started());
                return r.Id;
            }
            catch (RolloutConflictException)
            {
                return Guid.Empty;
            }
        })));

        var winner = Assert.Single(results, id => id != Guid.Empty);
        Assert.Single(results, id => id == Guid.Empty);
        Assert.Equal(winner, Assert.Single(await store.ListAsync("m")).Id);
        Assert.Equal(winner, (await store.GetActiveAsync("m"))!.Id);
        // The loser left nothing behind: not its rollout, not its decision.
        var loser = winner == a.Id ? b.Id : a.Id;
        Assert.Null(await store.GetAsync(loser));
        Assert.Empty(await store.ListDecisionsAsync(loser));
    }

    [Fact]
    public async Task Create_AfterTheActiveOneEnded_StartsAnother()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var first = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Ab, 2)), Started());
        await store.UpdateAsync(first.Id, RolloutState.Running, RolloutState.Aborted, 0, new RolloutDecision(Start.AddHours(1), RolloutAction.Aborted, "wrong candidate", "bob", 0));

        var second = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Canary, 2), Start.AddHours(2)), Started(Start.AddHours(2)));

        Assert.Equal([second.Id, first.Id], (await store.ListAsync("m")).Select(r => r.Id));
        Assert.Equal(second.Id, (await store.GetActiveAsync("m"))!.Id);
        Assert.Equal(second.Id, Assert.Single(await store.ListActiveAsync()).Id);
    }

    [Fact]
    public async Task Create_UnknownModel_Throws()
    {
        await using var db = await WithModelsAsync("m");
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Get<IRolloutStore>().CreateAsync(NewRollout("nope", new RolloutPlan(RolloutKind.Ab, 2)), Started()));
    }

    [Fact]
    public async Task Update_StepUpThenRollBack_StoresStateStepAndEveryDecisionInOrder()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var rollout = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Canary, 2)), Started());
        var stepUp = new RolloutDecision(Start.AddMinutes(30), RolloutAction.StepUp, "500 samples, no gate breached", RolloutDecision.System, 1, """{"candidate":{"requests":512}}""");
        var rollBack = new RolloutDecision(Start.AddMinutes(45), RolloutAction.RolledBack, "error rate 4.1% > champion's 0.2% + 1%", RolloutDecision.System, 1, """{"candidate":{"errors":21}}""");

        var stepped = await store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.Running, 1, stepUp);
        var ended = await store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.RolledBack, 1, rollBack);

        Assert.Equal((RolloutState.Running, 1, (DateTimeOffset?)null, 2_500), (stepped!.State, stepped.CurrentStep, stepped.EndedAt, stepped.CandidateBasisPoints));
        Assert.Equal(ended, await store.GetAsync(rollout.Id));
        Assert.Equal((RolloutState.RolledBack, rollBack.At, rollBack.At, rollBack.Reason, 0), (ended!.State, ended.UpdatedAt, ended.EndedAt!.Value, ended.Reason, ended.CandidateBasisPoints));
        Assert.Equal([Started(), stepUp, rollBack], await store.ListDecisionsAsync(rollout.Id));
        Assert.Null(await store.GetActiveAsync("m"));
        Assert.Empty(await store.ListActiveAsync());
    }

    [Fact]
    public async Task Update_StateMovedMeanwhile_ReturnsNullAndAppendsNothing()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var rollout = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Ab, 2)), Started());
        await store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.Paused, 0, new RolloutDecision(Start.AddMinutes(1), RolloutAction.Paused, "by hand", "bob", 0));

        // The decision loop still believes it is running.
        var late = await store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.Promoted, 0, new RolloutDecision(Start.AddMinutes(2), RolloutAction.Promoted, "won", RolloutDecision.System, 0));

        Assert.Null(late);
        Assert.Equal(RolloutState.Paused, (await store.GetAsync(rollout.Id))!.State);
        Assert.Equal(2, (await store.ListDecisionsAsync(rollout.Id)).Count);
        Assert.Null(await store.UpdateAsync(Guid.NewGuid(), RolloutState.Running, RolloutState.Paused, 0, Started()));
    }

    [Fact]
    public async Task Update_OutOfATerminalStateOrBeyondTheSteps_Throws()
    {
        await using var db = await WithModelsAsync("m");
        var store = db.Get<IRolloutStore>();
        var rollout = await store.CreateAsync(NewRollout("m", new RolloutPlan(RolloutKind.Canary, 2)), Started());

        await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync(rollout.Id, RolloutState.Aborted, RolloutState.Running, 0, Started()));
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync(rollout.Id, RolloutState.Running, RolloutState.Running, 4, Started()));
        Assert.Single(await store.ListDecisionsAsync(rollout.Id));
    }

    [Fact]
    public async Task ActiveIndex_IsTheMigratedPartialUniqueIndex()
    {
        await using var database = await WithModelsAsync("m");
        await using var db = await database.Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

        if (db.Database.IsNpgsql())
        {
            // PostgreSQL keeps the definition in its own normal form (State = ANY (ARRAY[...])).
            var definition = await db.Database.SqlQueryRaw<string>("SELECT indexdef AS \"Value\" FROM pg_indexes WHERE indexname = 'IX_Rollouts_ModelId_Active'").SingleAsync();
            Assert.Contains("CREATE UNIQUE INDEX", definition, StringComparison.Ordinal);
            Assert.Contains("WHERE", definition, StringComparison.Ordinal);
            foreach (var state in new[] { "'running'", "'paused'", "'awaiting_approval'" }) Assert.Contains(state, definition, StringComparison.Ordinal);
            return;
        }

        var sql = await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE name = 'IX_Rollouts_ModelId_Active'").SingleAsync();

        Assert.Contains("CREATE UNIQUE INDEX", sql, StringComparison.Ordinal);
        Assert.Contains("WHERE \"State\" IN ('running', 'paused', 'awaiting_approval')", sql, StringComparison.Ordinal);
    }
}
