using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Rollouts;
using Portal.Web.Components.Pages.Dashboard;

namespace Portal.Tests.Components;

/// <summary>The dashboard card's Rollout row: none, or kind, candidate, share and state, linking to the model's Rollouts tab.</summary>
public sealed class DashboardRolloutColumnTests : PortalComponentContext
{
    private async Task ServeWithCandidateAsync(string model)
    {
        var champion = await TrainVersionAsync(model);
        await TrainVersionAsync(model, trees: 2);
        var outcome = await Services.GetRequiredService<PromotionService>().PromoteAsync(model, champion.Version, ModelAliases.Champion, new Actor("tester"), "serve");
        Assert.True(outcome.Succeeded, outcome.Message);
    }

    [Fact]
    public async Task Render_NoRollout_SaysNoneWithoutALink()
    {
        SignIn(Roles.Viewer);
        await ServeWithCandidateAsync("cancer");

        var cut = Render<DashboardPage>();

        var cell = cut.WaitForElement("[data-testid=model-card-cancer] [data-testid=card-rollout]");
        Assert.Equal("none", cell.TextContent.Trim());
        Assert.Null(cell.QuerySelector("a"));
    }

    [Fact]
    public async Task Render_ActiveCanary_ShowsKindCandidateShareAndStateLinkingToTheRolloutsTab()
    {
        SignIn(Roles.Viewer);
        await ServeWithCandidateAsync("cancer");
        var rollouts = Services.GetRequiredService<RolloutService>();
        var started = await rollouts.StartAsync("cancer", new RolloutPlan(RolloutKind.Canary, 2, Steps: [25, 50, 100]), new Actor("admin"));

        var cut = Render<DashboardPage>();

        var link = cut.WaitForElement("[data-testid=model-card-cancer] [data-testid=card-rollout-link]");
        Assert.Equal("canary v2 · 25% · running", link.TextContent.Trim());
        Assert.Equal("models/cancer/rollouts", link.GetAttribute("href"));

        await rollouts.PauseAsync(started!.Id, new Actor("admin"), "weekend");
        cut = Render<DashboardPage>();
        Assert.Equal("canary v2 · 25% · paused", cut.WaitForElement("[data-testid=model-card-cancer] [data-testid=card-rollout-link]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_ActiveShadow_ShowsNoShare()
    {
        SignIn(Roles.Viewer);
        await ServeWithCandidateAsync("cancer");
        await Services.GetRequiredService<RolloutService>().StartAsync("cancer", new RolloutPlan(RolloutKind.Shadow, 2), new Actor("admin"));

        var cut = Render<DashboardPage>();

        Assert.Equal("shadow v2 · running", cut.WaitForElement("[data-testid=model-card-cancer] [data-testid=card-rollout-link]").TextContent.Trim());
    }
}
