using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Registry;

namespace Portal.Tests.Core.Registry;

/// <summary>ModelCardService over the real stores: the card names its dataset and promotions; edits are normalised, bounded and audited.</summary>
public sealed class ModelCardServiceTests
{
    private const string Model = RegistryHarness.Model;

    [Fact]
    public async Task Get_PromotedVersionTrainedOnADataset_NamesTheDatasetAndThePromotion()
    {
        await using var h = await RegistryHarness.CreateAsync();
        var dataset = await h.ImportDatasetAsync();
        await h.AddVersionAsync(dataset.Id);
        await h.Promotion.PromoteAsync(Model, 1, ModelAliases.Champion, new Actor("alice"), "good enough");

        var card = await h.Cards.GetAsync(Model, 1);

        Assert.NotNull(card);
        Assert.Equal("breast-cancer", card.TrainingData?.Name);
        Assert.Equal(dataset.Rows, card.TrainingData?.Rows);
        var promotion = Assert.Single(card.Promotions);
        Assert.Equal((ModelAliases.Champion, "alice", "good enough"), (promotion.Alias, promotion.By, promotion.Reason));
        Assert.Null(await h.Cards.GetAsync(Model, 9));
    }

    [Fact]
    public async Task Update_TextAndBlank_StoresTrimmedTextClearsTheBlankAndAudits()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync();
        await h.Cards.UpdateAsync(Model, 1, "old use", "old limits", "alice");

        var card = await h.Cards.UpdateAsync(Model, 1, "  Screening support.\r\nNot a diagnosis.  ", "   ", "bob");

        Assert.Equal(("Screening support.\nNot a diagnosis.", (string?)null), (card?.IntendedUse, card?.Limitations));
        var stored = await h.Registry.GetVersionAsync(Model, 1);
        Assert.Equal(("Screening support.\nNot a diagnosis.", (string?)null), (stored?.IntendedUse, stored?.Limitations));
        var entries = await h.AuditAsync(AuditActions.CardUpdated);
        Assert.Equal(["bob", "alice"], entries.Select(e => e.Actor));
        Assert.Contains("old limits", entries[0].Details);
    }

    [Fact]
    public async Task Update_TooLong_ThrowsAndChangesNothing()
    {
        await using var h = await RegistryHarness.CreateAsync();
        await h.AddVersionAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => h.Cards.UpdateAsync(Model, 1, new string('x', ModelCardService.MaxTextLength + 1), null, "alice"));

        Assert.Null((await h.Registry.GetVersionAsync(Model, 1))?.IntendedUse);
        Assert.Empty(await h.AuditAsync(AuditActions.CardUpdated));
    }
}
