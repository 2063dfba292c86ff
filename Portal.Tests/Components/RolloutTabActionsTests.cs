using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Rollouts;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The Rollouts tab's confirmations: a promotion the gates refuse says why; abort asks first, and cancel changes nothing.</summary>
public sealed class RolloutTabActionsTests : PortalComponentContext
{
    private const string Model = "credit-actions";

    private async Task<Rollout> StoreCanaryAsync()
    {
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.85);
        var now = DateTimeOffset.UtcNow;
        var rollout = new Rollout(Guid.CreateVersion7(now), Model, 1, new RolloutPlan(RolloutKind.Canary, 2, [5, 25, 50, 100]).WithDefaults(),
            RolloutState.Running, 0, now.AddMinutes(-10), now.AddMinutes(-10), null, null, "alice");
        return await Services.GetRequiredService<IRolloutStore>().CreateAsync(rollout, new RolloutDecision(now.AddMinutes(-10), RolloutAction.Started, "canary of v2 started", "alice", 0));
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<ModelRolloutsTab> Tab) RenderTab()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var tab = Render<ModelRolloutsTab>(p => p.Add(x => x.Model, Model).Add(x => x.Champion, 1).Add(x => x.CanManage, true));
        return (dialogs, tab);
    }

    [Fact]
    public async Task Promote_GatesRefuse_ShowsTheReasonAsASentenceAndTheRolloutGoesOn()
    {
        SignIn(Roles.Admin, "alice");
        var rollout = await StoreCanaryAsync();
        await Services.GetRequiredService<IGateStore>().SetAsync(Model, new ModelGates(MinAuc: 0.95), "alice", DateTimeOffset.UtcNow);
        var (dialogs, tab) = RenderTab();

        tab.WaitForElement("[data-testid=rollout-promote]").Click();
        dialogs.WaitForElement("button[data-testid=rollout-promote-confirm]").Click();

        var error = dialogs.WaitForElement("[data-testid=rollout-promote-error]").TextContent;
        Assert.Contains("The rollout could not be promoted:", error);
        Assert.Contains("AUC", error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain(Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Single(dialogs.FindAll("[data-testid=rollout-promote-dialog]"));
        Assert.Equal(RolloutState.Running, (await Services.GetRequiredService<RolloutService>().GetAsync(rollout.Id))!.State);
    }

    [Fact]
    public async Task Abort_Cancelled_ChangesNothing()
    {
        SignIn(Roles.Admin, "alice");
        var rollout = await StoreCanaryAsync();
        var (dialogs, tab) = RenderTab();

        tab.WaitForElement("[data-testid=rollout-abort]").Click();
        var dialog = dialogs.WaitForElement("[data-testid=rollout-abort-dialog]");
        Assert.Contains("The champion answers every request at once", dialog.TextContent);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=rollout-abort-dialog]")));
        var stored = (await Services.GetRequiredService<RolloutService>().GetAsync(rollout.Id))!;
        Assert.Equal(RolloutState.Running, stored.State);
        Assert.Single(await Services.GetRequiredService<RolloutService>().ListDecisionsAsync(rollout.Id));
        Assert.Equal("running", tab.Find("[data-testid=rollout-active]").GetAttribute("data-state"));
    }

    [Fact]
    public async Task Abort_Confirmed_AbortsWithTheReasonGiven()
    {
        SignIn(Roles.Admin, "alice");
        var rollout = await StoreCanaryAsync();
        var (dialogs, tab) = RenderTab();

        tab.WaitForElement("[data-testid=rollout-abort]").Click();
        dialogs.WaitForElement("textarea[data-testid=rollout-abort-reason]").Input("holiday freeze");
        dialogs.Find("button[data-testid=rollout-abort-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=rollout-abort-dialog]")));
        var stored = (await Services.GetRequiredService<RolloutService>().GetAsync(rollout.Id))!;
        Assert.Equal(RolloutState.Aborted, stored.State);
        var last = (await Services.GetRequiredService<RolloutService>().ListDecisionsAsync(rollout.Id))[^1];
        Assert.Equal(RolloutAction.Aborted, last.Action);
        Assert.Equal("holiday freeze", last.Reason);
        Assert.Equal("alice", last.By);
        tab.WaitForAssertion(() => Assert.Empty(tab.FindAll("[data-testid=rollout-active]")));
    }
}
