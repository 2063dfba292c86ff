using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The model page's addresses (tab and version in the URL) and its rollback button's target.</summary>
public sealed class ModelPageLinksTests : PortalComponentContext
{
    private const string Model = "credit-risk";

    private IRenderedComponent<ModelPage> RenderPage(string? tab = null, int? version = null)
    {
        Render<MudPopoverProvider>();
        var cut = Render<ModelPage>(p => p.Add(x => x.Name, Model).Add(x => x.Tab, tab).Add(x => x.Version, version));
        cut.WaitForElement("[data-testid=model-tabs]");
        return cut;
    }

    private string Path => new Uri(Services.GetRequiredService<NavigationManager>().Uri).AbsolutePath;

    private static string ActiveTab(IRenderedComponent<ModelPage> cut) =>
        cut.Find(".mud-tab.mud-tab-active [data-testid^=tab-]").GetAttribute("data-testid")!;

    private async Task PromoteAsync(int version)
    {
        var outcome = await Services.GetRequiredService<PromotionService>().PromoteAsync(Model, version, ModelAliases.Champion, new Actor("alice"), "test");
        Assert.True(outcome.Succeeded, outcome.Message);
    }

    [Fact]
    public async Task RollbackButton_PromoteV1V2ThenRollBack_NamesV1ThenNone()
    {
        SignIn(Roles.Admin, "alice");
        await TrainVersionAsync(Model);
        await TrainVersionAsync(Model);
        await PromoteAsync(1);
        await PromoteAsync(2);

        var before = RenderPage();
        var button = before.Find("button[data-testid=rollback-button]");
        Assert.Equal("Roll back to v1", button.TextContent.Trim());
        Assert.False(button.HasAttribute("disabled"));
        await DisposeComponentsAsync();

        var rolledBack = await Services.GetRequiredService<PromotionService>().RollbackAsync(Model, "alice", "test");
        Assert.True(rolledBack.Succeeded, rolledBack.Message);

        // v1 was the first champion: rolling back again has nowhere to go, and the button must not offer v2.
        var after = RenderPage();
        button = after.Find("button[data-testid=rollback-button]");
        Assert.Equal("Roll back", button.TextContent.Trim());
        Assert.True(button.HasAttribute("disabled"));
        Assert.DoesNotContain("v2", button.TextContent);
    }

    [Fact]
    public async Task RollbackButton_ThreeChampionsThenRollBack_NamesTheFirst()
    {
        SignIn(Roles.Admin, "alice");
        for (var i = 0; i < 3; i++) await TrainVersionAsync(Model);
        await PromoteAsync(1);
        await PromoteAsync(2);
        await PromoteAsync(3);
        Assert.True((await Services.GetRequiredService<PromotionService>().RollbackAsync(Model, "alice", "test")).Succeeded);

        var cut = RenderPage();

        Assert.Equal("Roll back to v1", cut.Find("button[data-testid=rollback-button]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_TabInUrl_OpensThatTab()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());

        var cut = RenderPage(tab: "history");

        cut.WaitForAssertion(() => Assert.Equal("tab-history", ActiveTab(cut)));
        cut.WaitForElement("[data-testid=history-empty]");
    }

    [Fact]
    public async Task TabClick_Compare_PutsTheTabInTheUrl()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderPage();

        await cut.Find("[data-testid=tab-compare]").Closest(".mud-tab")!.ClickAsync(new MouseEventArgs());

        Assert.Equal($"/models/{Model}/compare", Path);
        Assert.Equal("tab-compare", ActiveTab(cut));
    }

    [Fact]
    public async Task Render_VersionInUrl_SelectsThatVersion()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, ModelAliases.Champion, 2, "alice", "first", null, AliasActions.Promote);

        var cut = RenderPage(version: 1);

        Assert.Equal("Version 1", cut.Find("[data-testid=selected-version]").TextContent.Trim());
        Assert.Equal("tab-versions", ActiveTab(cut));
        Assert.Empty(cut.FindAll("[data-testid=version-missing]"));
    }

    [Fact]
    public async Task Render_UnknownVersionInUrl_SaysSoAndShowsTheChampion()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, ModelAliases.Champion, 1, "alice", "first", null, AliasActions.Promote);

        var cut = RenderPage(version: 9);

        Assert.Contains("no version 9", cut.Find("[data-testid=version-missing]").TextContent);
        Assert.Equal("Version 1", cut.Find("[data-testid=selected-version]").TextContent.Trim());
    }

    [Fact]
    public async Task RowClick_AVersion_PutsItInTheUrlAndSelectsIt()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderPage();
        Assert.Equal("Version 2", cut.Find("[data-testid=selected-version]").TextContent.Trim());

        await cut.Find("[data-testid=version-1]").Closest("tr")!.ClickAsync(new MouseEventArgs());

        Assert.Equal($"/models/{Model}/versions/1", Path);
        cut.WaitForAssertion(() => Assert.Equal("Version 1", cut.Find("[data-testid=selected-version]").TextContent.Trim()));
    }

    [Fact]
    public async Task Render_GatesInUrlForAViewer_ShowsVersions()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());

        var cut = RenderPage(tab: "gates");

        Assert.Equal("tab-versions", ActiveTab(cut));
        Assert.Empty(cut.FindAll("[data-testid=gates-form]"));
    }
}
