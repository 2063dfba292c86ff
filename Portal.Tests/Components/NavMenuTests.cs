using Bunit;
using Portal.Core.Auth;
using Portal.Web.Components.Layout;

namespace Portal.Tests.Components;

public sealed class NavMenuTests : PortalComponentContext
{
    [Fact]
    public void Render_Viewer_HasNoApiKeysLink()
    {
        SignIn(Roles.Viewer);

        var cut = Render<NavMenu>();

        Assert.Empty(cut.FindAll("[data-testid=nav-keys]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=nav-models]"));
        Assert.Contains("scalar", cut.Find("[data-testid=nav-api-reference]").GetAttribute("href"));
    }

    [Fact]
    public void Render_DataScientist_HasNoApiKeysLink()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<NavMenu>();

        Assert.Empty(cut.FindAll("[data-testid=nav-keys]"));
    }

    [Fact]
    public void Render_Admin_HasApiKeysLink()
    {
        SignIn(Roles.Admin);

        var cut = Render<NavMenu>();

        Assert.EndsWith("admin/keys", cut.Find("[data-testid=nav-keys]").GetAttribute("href"));
    }

    [Fact]
    public void Render_Admin_HasUsersAndAuditLinks()
    {
        SignIn(Roles.Admin);

        var cut = Render<NavMenu>();

        Assert.EndsWith("admin/users", cut.Find("[data-testid=nav-users]").GetAttribute("href"));
        Assert.EndsWith("admin/audit", cut.Find("[data-testid=nav-audit]").GetAttribute("href"));
    }

    [Fact]
    public void Render_DataScientist_HasNoUsersOrAuditLinks()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<NavMenu>();

        Assert.Empty(cut.FindAll("[data-testid=nav-users]"));
        Assert.Empty(cut.FindAll("[data-testid=nav-audit]"));
    }
}
