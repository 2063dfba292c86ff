using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;

namespace Portal.Tests.Core.Registry;

/// <summary>PromotionService over the real stores: the one code that moves an alias, audits it and swaps the engine.</summary>
public sealed class PromotionServiceTests
{
    private const string Model = RegistryHarness.Model;

    [Fact]
    public async Task Promote_FirstChampion_MovesTheAliasServesItAndAuditsIt()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync();

        var outcome = await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), "first");

        Assert.Equal(PromotionStatus.Promoted, outcome.Status);
        Assert.Equal(1, (await h.Registry.GetModelAsync(Model))!.Summary.ChampionVersion);
        var move = Assert.Single(await h.Registry.GetHistoryAsync(Model, ModelAliases.Champion));
        Assert.Equal((null, 1, "alice", "first", AliasActions.Promote), (move.FromVersion, move.ToVersion, move.By, move.Reason, move.Action));
        Assert.Equal(1, h.Server.Find(Model, ModelAliases.Champion, null).Value!.Version);
        Assert.Equal($"{Model} v1", Assert.Single(await h.AuditAsync(AuditActions.VersionPromoted)).Target);
    }

    [Fact]
    public async Task Promote_AgainToTheSameAlias_IsUnchangedAndRecordsNothing()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync();
        await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), null);

        var again = await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), null);

        Assert.Equal(PromotionStatus.Unchanged, again.Status);
        Assert.Single(await h.Registry.GetHistoryAsync(Model, ModelAliases.Champion));
        Assert.Single(await h.AuditAsync(AuditActions.VersionPromoted));
    }

    [Fact]
    public async Task Promote_FailingGate_IsBlockedAndNothingMovesOrServes()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync(auc: 0.6);
        Assert.Null(await h.Promotion.SetGatesAsync(Model, new ModelGates(MinAuc: 0.7), "alice"));

        var outcome = await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), null);

        Assert.Equal(PromotionStatus.Blocked, outcome.Status);
        Assert.False(Assert.Single(outcome.Gates!).Passed);
        Assert.Null((await h.Registry.GetModelAsync(Model))!.Summary.ChampionVersion);
        Assert.Empty(await h.Registry.GetHistoryAsync(Model));
        Assert.Null(h.Server.Find(Model, ModelAliases.Champion, null).Value);
        Assert.Single(await h.AuditAsync(AuditActions.PromotionBlocked));
    }

    [Fact]
    public async Task Rollback_AfterTwoChampions_ServesThePreviousOneWhichRollbackTargetNamed()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync();
        await h.AddVersionAsync();
        await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), null);
        await h.Promotion.PromoteAsync(Model, 2, ModelAliases.Champion, new Actor("alice"), null);
        Assert.Equal(1, PromotionService.RollbackTarget(2, await h.Registry.GetHistoryAsync(Model)));

        var outcome = await h.Promotion.RollbackAsync(Model, "bob", "v2 misbehaves");

        Assert.Equal(PromotionStatus.Promoted, outcome.Status);
        Assert.Equal(1, (await h.Registry.GetModelAsync(Model))!.Summary.ChampionVersion);
        Assert.Equal(1, h.Server.Find(Model, ModelAliases.Champion, null).Value!.Version);
        Assert.Equal(AliasActions.Rollback, (await h.Registry.GetHistoryAsync(Model, ModelAliases.Champion))[0].Action);
        Assert.Single(await h.AuditAsync(AuditActions.ModelRolledBack));
        // v1 was the first champion: nothing earlier remains to roll back to.
        Assert.Null(PromotionService.RollbackTarget(1, await h.Registry.GetHistoryAsync(Model)));
    }

    [Fact]
    public void RollbackTarget_NoChampion_IsNone() => Assert.Null(PromotionService.RollbackTarget(null, []));
}
