using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Web.Auth;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Components;

public sealed class UsersPageTests : PortalComponentContext
{
    public UsersPageTests()
    {
        Services.AddLogging();
        Services.AddIdentityCore<PortalUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PortalDbContext>();
        Services.AddSingleton<UserAccessCache>();
        Services.AddScoped<UserAdminService>();
    }

    [Fact]
    public async Task Render_Users_ListsEachWithRoleAndState()
    {
        await SeedAsync(("admin", Roles.Admin), ("ana", Roles.DataScientist), ("vic", Roles.Viewer));
        await Admin.SetDisabledAsync("admin", "vic", true);
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();

        var cut = Render<UsersPage>();

        cut.WaitForElement("[data-testid=users-table]");
        Assert.Equal(3, cut.FindAll("[data-testid^=user-row-]").Count);
        Assert.Contains("ana", cut.Find("[data-testid=user-row-ana]").TextContent);
        Assert.Equal(Roles.DataScientist, RoleSelect(cut, "ana").Instance.GetState(x => x.Value));
        Assert.Equal(Roles.Admin, RoleSelect(cut, "admin").Instance.GetState(x => x.Value));
        Assert.False(Switch(cut, "vic").Instance.GetState(x => x.Value));
        Assert.True(Switch(cut, "ana").Instance.GetState(x => x.Value));
        Assert.Contains("you", cut.Find("[data-testid=user-row-admin]").TextContent);
        Assert.False(cut.Find("button[data-testid=user-create]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RoleSelect_Promotion_SavesAndAudits()
    {
        await SeedAsync(("admin", Roles.Admin), ("vic", Roles.Viewer));
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForElement("[data-testid=users-table]");

        await cut.InvokeAsync(() => RoleSelect(cut, "vic").Instance.ValueChanged.InvokeAsync(Roles.DataScientist));

        cut.WaitForAssertion(() => Assert.Equal(Roles.DataScientist, RoleSelect(cut, "vic").Instance.GetState(x => x.Value)));
        Assert.Equal(Roles.DataScientist, (await Admin.FindAsync("vic"))!.Role);
        var entry = Assert.Single(await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.UserRoleChanged)));
        Assert.Equal(("admin", "vic"), (entry.Actor, entry.Target));
    }

    [Fact]
    public async Task RoleSelect_DemotingTheLastAdmin_ShowsTheRefusalAndKeepsTheRole()
    {
        await SeedAsync(("admin", Roles.Admin));
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForElement("[data-testid=users-table]");

        var change = cut.InvokeAsync(() => RoleSelect(cut, "admin").Instance.ValueChanged.InvokeAsync(Roles.Viewer));
        // Demoting asks first; confirm it.
        await dialogs.WaitForElement(".mud-message-box__yes-button").ClickAsync(new MouseEventArgs());
        await change;

        Assert.Contains("last enabled admin", cut.WaitForElement("[data-testid=users-action-error]").TextContent);
        Assert.Equal(Roles.Admin, (await Admin.FindAsync("admin"))!.Role);
        cut.WaitForAssertion(() => Assert.Equal(Roles.Admin, RoleSelect(cut, "admin").Instance.GetState(x => x.Value)));
    }

    [Fact]
    public async Task DisableSwitch_Confirmed_DisablesTheUser()
    {
        await SeedAsync(("admin", Roles.Admin), ("ana", Roles.DataScientist));
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForElement("[data-testid=users-table]");

        var change = cut.InvokeAsync(() => Switch(cut, "ana").Instance.ValueChanged.InvokeAsync(false));
        await dialogs.WaitForElement(".mud-message-box__yes-button").ClickAsync(new MouseEventArgs());
        await change;

        Assert.True((await Admin.FindAsync("ana"))!.Disabled);
        cut.WaitForAssertion(() => Assert.False(Switch(cut, "ana").Instance.GetState(x => x.Value)));
        Assert.Single(await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.UserDisabled, Target: "ana")));
    }

    [Fact]
    public async Task CreateDialog_ValidUser_AddsARow()
    {
        await SeedAsync(("admin", Roles.Admin));
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForElement("[data-testid=users-table]");

        // The page's handler waits for the dialog to close, so the click completes only after submitting.
        var opening = cut.Find("button[data-testid=user-create]").ClickAsync(new MouseEventArgs());
        await dialogs.WaitForElement("input[data-testid=new-user-name]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "newbie" });
        await dialogs.Find("input[data-testid=new-user-password]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "Newbie-pass-1" });
        await dialogs.Find("button[data-testid=new-user-submit]").ClickAsync(new MouseEventArgs());
        await opening;

        cut.WaitForElement("[data-testid=user-row-newbie]");
        Assert.Equal(Roles.Viewer, (await Admin.FindAsync("newbie"))!.Role);
    }

    [Fact]
    public async Task CreateDialog_WeakPassword_ShowsThePasswordError()
    {
        await SeedAsync(("admin", Roles.Admin));
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<UsersPage>();
        cut.WaitForElement("[data-testid=users-table]");

        // The page's handler waits for the dialog to close, so the click completes only after submitting.
        var opening = cut.Find("button[data-testid=user-create]").ClickAsync(new MouseEventArgs());
        await dialogs.WaitForElement("input[data-testid=new-user-name]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "weak" });
        await dialogs.Find("input[data-testid=new-user-password]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "short" });
        await dialogs.Find("button[data-testid=new-user-submit]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForAssertion(() => Assert.Contains("Passwords must be at least", dialogs.Markup));
        Assert.Null(await Admin.FindAsync("weak"));
        Assert.False(opening.IsCompleted);
    }

    [Fact]
    public void Render_NoUsers_ShowsEmptyState()
    {
        SignIn(Roles.Admin, "admin");

        var cut = Render<UsersPage>();

        cut.WaitForElement("[data-testid=users-empty]");
    }

    private UserAdminService Admin => Services.GetRequiredService<UserAdminService>();

    private static IRenderedComponent<MudSelect<string>> RoleSelect(IRenderedComponent<UsersPage> cut, string user) =>
        cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), $"user-role-{user}"));

    private static IRenderedComponent<MudSwitch<bool>> Switch(IRenderedComponent<UsersPage> cut, string user) =>
        cut.FindComponents<MudSwitch<bool>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), $"user-disable-{user}"));

    private async Task SeedAsync(params (string Name, string Role)[] users)
    {
        var roles = Services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));
        foreach (var (name, role) in users)
            Assert.True((await Admin.CreateAsync("setup", name, "Seeded-pass-1", role)).Succeeded);
    }
}
