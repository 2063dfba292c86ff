using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Performance;
using Portal.Core.Rollouts;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelRolloutsTabTests : PortalComponentContext
{
    private const string Model = "credit-rollout";

    /// <summary>Stores a running canary of v2 against v1 at its second step (25%), with a start and a step-up decision.</summary>
    private async Task<Rollout> StoreCanaryAsync()
    {
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        var store = Services.GetRequiredService<IRolloutStore>();
        var now = DateTimeOffset.UtcNow;
        var plan = new RolloutPlan(RolloutKind.Canary, 2, [5, 25, 50, 100]).WithDefaults();
        var rollout = new Rollout(Guid.CreateVersion7(now), Model, 1, plan, RolloutState.Running, 0, now.AddMinutes(-10), now.AddMinutes(-10), null, null, "alice");
        var stored = await store.CreateAsync(rollout, new RolloutDecision(now.AddMinutes(-10), RolloutAction.Started, "canary of v2 started", "alice", 0));
        return (await store.UpdateAsync(stored.Id, RolloutState.Running, RolloutState.Running, 1,
            new RolloutDecision(now.AddMinutes(-1), RolloutAction.StepUp, "step 1 held 40 samples with every gate passing: up to 25%", RolloutDecision.System, 1)))!;
    }

    private IRenderedComponent<ModelRolloutsTab> RenderTab(bool canManage, int? champion = 1) =>
        Render<ModelRolloutsTab>(p => p
            .Add(x => x.Model, Model)
            .Add(x => x.Champion, champion)
            .Add(x => x.CanManage, canManage));

    [Fact]
    public void Empty_Admin_ShowsNoRolloutYetWithTheCreateButton()
    {
        SignIn(Roles.Admin);

        var cut = RenderTab(canManage: true);

        cut.WaitForAssertion(() => Assert.Contains("No rollout yet", cut.Find("[data-testid=rollouts-empty]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=rollout-create]"));
        Assert.Empty(cut.FindAll("[data-testid=rollouts-past]"));
    }

    [Fact]
    public void Empty_Viewer_ShowsNoCreateButton()
    {
        SignIn(Roles.Viewer);

        var cut = RenderTab(canManage: false);

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=rollouts-empty]")));
        Assert.Empty(cut.FindAll("[data-testid=rollout-create]"));
    }

    [Fact]
    public async Task ActiveCanary_ShowsSplitStepsStateAndDecisionsNewestFirst()
    {
        SignIn(Roles.Admin);
        await StoreCanaryAsync();

        var cut = RenderTab(canManage: true);

        var active = cut.WaitForElement("[data-testid=rollout-active]");
        Assert.Equal("running", active.GetAttribute("data-state"));
        Assert.Contains("Canary: v2 against champion v1", active.TextContent);
        Assert.Equal("running", cut.Find("[data-testid=rollout-state]").TextContent.Trim());
        var split = cut.Find("[data-testid=rollout-split]");
        Assert.Equal("25", split.GetAttribute("data-candidate"));
        Assert.Contains("v1 75%", split.TextContent);
        Assert.Contains("v2 25%", split.TextContent);
        Assert.Equal("Step 2 of 4:", cut.Find("[data-testid=rollout-step]").TextContent.Trim());
        Assert.Equal("true", cut.Find("[data-testid=rollout-step-2]").GetAttribute("data-current"));
        Assert.Equal("false", cut.Find("[data-testid=rollout-step-1]").GetAttribute("data-current"));
        Assert.Equal(["step_up", "started"], cut.FindAll("[data-testid=rollout-decision]").Select(d => d.GetAttribute("data-action")));
        Assert.Contains("up to 25%", cut.Find("[data-testid=rollout-reason]").TextContent);
        // Admins steer it.
        Assert.NotNull(cut.Find("[data-testid=rollout-pause]"));
        Assert.NotNull(cut.Find("[data-testid=rollout-abort]"));
        Assert.NotNull(cut.Find("[data-testid=rollout-promote]"));
    }

    [Fact]
    public async Task ActiveCanary_Viewer_ReadsItWithoutAnyButton()
    {
        SignIn(Roles.DataScientist);
        await StoreCanaryAsync();

        var cut = RenderTab(canManage: false);

        cut.WaitForElement("[data-testid=rollout-active]");
        Assert.Empty(cut.FindAll("[data-testid=rollout-pause]"));
        Assert.Empty(cut.FindAll("[data-testid=rollout-abort]"));
        Assert.Empty(cut.FindAll("[data-testid=rollout-promote]"));
        Assert.Empty(cut.FindAll("[data-testid=rollout-create]"));
    }

    [Fact]
    public async Task Pause_Admin_PausesAndOffersResume()
    {
        SignIn(Roles.Admin, "alice");
        Render<MudPopoverProvider>();
        await StoreCanaryAsync();
        var cut = RenderTab(canManage: true);

        await cut.WaitForElement("[data-testid=rollout-pause]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("paused", cut.Find("[data-testid=rollout-active]").GetAttribute("data-state")));
        Assert.NotNull(cut.Find("[data-testid=rollout-resume]"));
        Assert.Equal("paused", cut.FindAll("[data-testid=rollout-decision]")[0].GetAttribute("data-action"));
    }

    [Theory]
    [InlineData("50,25", "must increase")]
    [InlineData("5,lots", "'lots' is not a whole percent")]
    public async Task Create_BadSteps_ShowsTheErrorAtTheStepsFieldAndStartsNothing(string steps, string error)
    {
        SignIn(Roles.Admin);
        Render<MudPopoverProvider>();
        var v1 = await RegisterVersionAsync(Model, CreditSchema());
        var v2 = await RegisterVersionAsync(Model, CreditSchema());
        var cut = Render<ModelRolloutsTab>(p => p
            .Add(x => x.Model, Model)
            .Add(x => x.Champion, v1.Version)
            .Add(x => x.Versions, [v2, v1])
            .Add(x => x.CanManage, true));

        await cut.WaitForElement("[data-testid=rollout-create]").ClickAsync(new());
        cut.Find("input[data-testid=rollout-steps]").Change(steps);
        await cut.Find("[data-testid=rollout-start]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(error, cut.Find("input[data-testid=rollout-steps]").Closest(".mud-input-control")!.TextContent));
        Assert.Empty(await Services.GetRequiredService<RolloutService>().ListAsync(Model));
    }

    [Fact]
    public async Task Create_AnotherRolloutStartedMeanwhile_ShowsTheConflictAsAnAlert()
    {
        SignIn(Roles.Admin);
        Render<MudPopoverProvider>();
        var cut = Render<ModelRolloutsTab>(p => p
            .Add(x => x.Model, Model)
            .Add(x => x.Champion, 1)
            .Add(x => x.CanManage, true));
        await cut.WaitForElement("[data-testid=rollout-create]").ClickAsync(new());
        // Another admin starts one while the form is open.
        var other = await StoreCanaryAsync();
        var versions = (await Services.GetRequiredService<Portal.Core.Registry.IModelRegistry>().GetModelAsync(Model))!.Versions;
        cut.Render(p => p.Add(x => x.Versions, versions));

        await cut.Find("[data-testid=rollout-start]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains(other.Id.ToString(), cut.Find("[data-testid=rollout-conflict]").TextContent));
    }

    [Fact]
    public async Task GatesOnEstimates_TheFormOffersItAndARunningRolloutSaysSo()
    {
        SignIn(Roles.Admin);
        Render<MudPopoverProvider>();
        var form = RenderTab(canManage: true, champion: null);
        await form.WaitForElement("[data-testid=rollout-create]").ClickAsync(new());
        var source = form.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Judge the gates on");
        Assert.Equal([PerformanceSource.Realized, PerformanceSource.Estimated], source.FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value));

        var store = Services.GetRequiredService<IRolloutStore>();
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        var now = DateTimeOffset.UtcNow;
        var plan = new RolloutPlan(RolloutKind.Canary, 2, GateSource: PerformanceSource.Estimated).WithDefaults();
        await store.CreateAsync(new Rollout(Guid.CreateVersion7(now), Model, 1, plan, RolloutState.Running, 0, now, now, null, null, "alice"),
            new RolloutDecision(now, RolloutAction.Started, "canary of v2 started", "alice", 0));
        var tab = RenderTab(canManage: false);

        tab.WaitForAssertion(() => Assert.Contains("gates judged on estimates until labels arrive", tab.Find("[data-testid=rollout-gate-basis]").TextContent));
    }
}
