using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Components;

public sealed class ApiKeysPageTests : PortalComponentContext
{
    [Fact]
    public void Render_NoKeys_ShowsEmptyState()
    {
        SignIn(Roles.Admin);

        var cut = Render<ApiKeysPage>();

        cut.WaitForElement("[data-testid=keys-empty]");
    }

    [Fact]
    public async Task Create_WithName_ShowsTheKeyOnceAndListsIt()
    {
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ApiKeysPage>();
        cut.WaitForElement("[data-testid=keys-empty]");

        await cut.Find("input[data-testid=key-name]").InputAsync(new ChangeEventArgs { Value = "prometheus" });
        await cut.Find("[data-testid=key-create]").ClickAsync(new MouseEventArgs());

        var key = dialogs.WaitForElement("input[data-testid=created-key]").GetAttribute("value");
        Assert.StartsWith(ApiKeyService.KeyPrefix, key);
        var table = cut.WaitForElement("[data-testid=keys-table]").TextContent;
        Assert.Contains("prometheus", table);
        Assert.DoesNotContain(key!, table);
        var stored = Assert.Single(await Services.GetRequiredService<ApiKeyService>().ListAsync());
        Assert.Equal(Roles.Viewer, stored.Role);
        Assert.Equal("admin", stored.CreatedBy);
        Assert.Equal("admin", cut.Find($"[data-testid=key-owner-{stored.Id}]").TextContent);
    }

    [Fact]
    public void Render_KeyNameInput_StopsAtTheApisNameLimit()
    {
        SignIn(Roles.Admin);

        var cut = Render<ApiKeysPage>();

        Assert.Equal(Portal.Core.Common.TextLimits.Name.ToString(), cut.WaitForElement("input[data-testid=key-name]").GetAttribute("maxlength"));
    }
}
