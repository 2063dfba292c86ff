using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Components.Dialogs;

namespace Portal.Tests.Components;

public sealed class PromoteDialogTests : PortalComponentContext
{
    private const string Model = "credit-risk";

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string model, int version)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => PromoteDialog.ShowAsync(dialogs, model, version));
        return provider;
    }

    /// <summary>v1 (AUC 0.85) is champion and v2 (AUC 0.70) the candidate.</summary>
    private async Task ChampionAndWeakerCandidateAsync()
    {
        var v1 = await RegisterVersionAsync(Model, CreditSchema(), auc: 0.85);
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.70);
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, ModelAliases.Champion, v1.Version, "tester", "first");
    }

    private async Task SetGatesAsync(ModelGates gates) =>
        Assert.Null(await Services.GetRequiredService<PromotionService>().SetGatesAsync(Model, gates, "tester"));

    [Fact]
    public async Task Show_GateFails_ShowsGateResultsAndDisablesConfirm()
    {
        SignIn(Roles.Admin, "alice");
        await ChampionAndWeakerCandidateAsync();
        await SetGatesAsync(new ModelGates(MinAuc: 0.8, MinTestRows: 100));

        var cut = await OpenAsync(Model, 2);

        var gates = cut.WaitForElement("[data-testid=promote-gates]");
        var auc = gates.QuerySelector("[data-testid=gate-row-minAuc]")!;
        Assert.Equal("false", auc.GetAttribute("data-passed"));
        Assert.Contains("0.7", auc.TextContent);
        Assert.Contains("0.8", auc.TextContent);
        Assert.Contains("0.85", auc.TextContent); // the champion's value
        Assert.Equal("true", gates.QuerySelector("[data-testid=gate-row-minTestRows]")!.GetAttribute("data-passed"));
        Assert.True(cut.Find("button[data-testid=promote-confirm]").HasAttribute("disabled"));
        Assert.Contains("below the minimum", cut.Find("[data-testid=promote-blocked]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=promote-outcome]"));
    }

    [Fact]
    public async Task Show_AllGatesPass_EnablesConfirm()
    {
        SignIn(Roles.Admin, "alice");
        await ChampionAndWeakerCandidateAsync();
        await SetGatesAsync(new ModelGates(MinAuc: 0.6, MaxBrierDegradation: 0.01));

        var cut = await OpenAsync(Model, 2);

        cut.WaitForElement("[data-testid=promote-gates]");
        Assert.Equal(["true", "true"], cut.FindAll("[data-testid^=gate-row-]").Select(r => r.GetAttribute("data-passed")));
        Assert.False(cut.Find("button[data-testid=promote-confirm]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=promote-blocked]"));
    }

    [Fact]
    public async Task Show_ApprovalRequiredOwnApprovalOnly_DisablesConfirm()
    {
        SignIn(Roles.Admin, "alice");
        await ChampionAndWeakerCandidateAsync();
        await SetGatesAsync(new ModelGates(RequireApproval: true));
        await Services.GetRequiredService<PromotionService>().ApproveAsync(Model, 2, new Actor("alice"), "looks fine");

        var cut = await OpenAsync(Model, 2);

        var row = cut.WaitForElement("[data-testid=gate-row-requireApproval]");
        Assert.Equal("false", row.GetAttribute("data-passed"));
        Assert.Contains("second admin", row.TextContent);
        Assert.True(cut.Find("button[data-testid=promote-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Confirm_ArtefactMissing_ShowsRefusedOutcomeAndKeepsTheChampion()
    {
        SignIn(Roles.Admin, "alice");
        await ChampionAndWeakerCandidateAsync();
        var cut = await OpenAsync(Model, 2);
        cut.WaitForElement("[data-testid=promote-gates]");

        await cut.Find("button[data-testid=promote-confirm]").ClickAsync(new MouseEventArgs());

        var outcome = cut.WaitForElement("[data-testid=promote-outcome]");
        Assert.Equal(nameof(PromotionStatus.ArtefactRefused), outcome.GetAttribute("data-status"));
        Assert.Contains("missing", outcome.TextContent);
        Assert.Equal(1, (await Services.GetRequiredService<IModelRegistry>().GetModelAsync(Model))!.Summary.ChampionVersion);
    }

    [Fact]
    public async Task Confirm_TrainedVersion_PromotesServesAndOffersClose()
    {
        SignIn(Roles.Admin, "alice");
        var trained = await TrainVersionAsync("cancer");
        var cut = await OpenAsync("cancer", trained.Version);
        cut.WaitForElement("[data-testid=promote-gates]");
        Assert.Contains("There is no champion yet", cut.Find("[data-testid=promote-context]").TextContent);
        await cut.Find("input[data-testid=promote-reason]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "first release" });

        await cut.Find("button[data-testid=promote-confirm]").ClickAsync(new MouseEventArgs());

        var outcome = cut.WaitForElement("[data-testid=promote-outcome]");
        Assert.Equal(nameof(PromotionStatus.Promoted), outcome.GetAttribute("data-status"));
        cut.WaitForElement("[data-testid=promote-close]");
        // The line about the situation before ("There is no champion yet") is gone once the version is champion.
        Assert.Empty(cut.FindAll("[data-testid=promote-context]"));
        Assert.DoesNotContain("no champion yet", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=promote-confirm]"));
        var move = Assert.Single(await Services.GetRequiredService<IModelRegistry>().GetHistoryAsync("cancer"));
        Assert.Equal(("alice", "first release", trained.Version), (move.By, move.Reason, move.ToVersion));
        Assert.Equal(trained.Version, Services.GetRequiredService<ModelServer>().Snapshot().Single(s => s.Model == "cancer").Champion?.Version);
    }
}
