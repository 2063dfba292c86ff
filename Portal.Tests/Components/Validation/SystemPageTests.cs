using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Validation;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Admin;
using Portal.Web.Metrics;
using Portal.Web.Validation;

namespace Portal.Tests.Components.Validation;

/// <summary>
/// The System page over real checks: a folder check that passes, and an artefact store check on a path under a regular
/// file, which fails (for root too); the disk bar's colours at the alert thresholds; the Admin menu's link.
/// </summary>
public sealed class SystemPageTests : PortalComponentContext
{
    public SystemPageTests()
    {
        var blocked = Path.Combine(Root, "blocker");
        File.WriteAllText(blocked, "a file, not a folder");
        Services.AddSingleton(sp => new ValidationRuns(
            ct => new PlatformValidator(TimeProvider.System).RunAsync(
                [CoreChecks.FolderWritable("datasets folder writable", Path.Combine(Root, "datasets")), CoreChecks.FolderWritable("artefact store writable", Path.Combine(blocked, "models"))],
                TimeSpan.FromSeconds(30), ct),
            sp.GetRequiredService<IAuditLog>()));
        Services.AddSingleton(new DiskUsageReader(Root, Path.Combine(Root, "models")));
        Services.AddSingleton<RequestStats>();
    }

    [Fact]
    public void Render_BeforeTheFirstRun_ShowsTheEmptyStateTheDataFolderAndTheVersion()
    {
        SignIn(Roles.Admin, "admin");

        var cut = Render<SystemPage>();

        cut.Find("[data-testid=system-empty]");
        Assert.Empty(cut.FindAll("[data-testid=system-verdict]"));
        Assert.Contains(Root, cut.Find("[data-testid=disk-data-path]").TextContent);
        Assert.Matches(@"^\d+\.\d% used$", cut.Find("[data-testid=disk-data-percent]").TextContent.Trim());
        Assert.False(string.IsNullOrWhiteSpace(cut.Find("[data-testid=system-version]").TextContent));
        Assert.Contains("min", cut.Find("[data-testid=system-uptime]").TextContent);
    }

    [Fact]
    public async Task RunChecks_ShowsEveryCheckTheFailedOneInErrorColourAndTheVerdict()
    {
        SignIn(Roles.Admin, "admin");
        var cut = Render<SystemPage>();

        await cut.Find("[data-testid=system-run]").ClickAsync(new());

        var rows = cut.WaitForElements("[data-testid=system-check]");
        Assert.Equal(["datasets folder writable", "artefact store writable"], rows.Select(r => r.GetAttribute("data-check")));
        Assert.Equal(["pass", "fail"], rows.Select(r => r.GetAttribute("data-outcome")));
        var failed = rows[1];
        Assert.Contains("mud-chip-color-error", failed.QuerySelector("[data-testid=system-check-outcome]")!.ClassName);
        Assert.Contains("is not writable", failed.TextContent);
        Assert.NotNull(failed.QuerySelector(".mud-error-text"));
        var verdict = cut.Find("[data-testid=system-verdict]");
        Assert.Equal("Fail", verdict.TextContent.Trim());
        Assert.Contains("mud-chip-color-error", verdict.ClassName);
        var entries = await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.PlatformValidated));
        Assert.Equal("admin", Assert.Single(entries).Actor);
    }

    [Fact]
    public async Task Render_AfterARun_ShowsTheLastReport()
    {
        SignIn(Roles.Admin, "admin");
        await Services.GetRequiredService<ValidationRuns>().RunAsync("admin");

        var cut = Render<SystemPage>();

        Assert.Equal(2, cut.FindAll("[data-testid=system-check]").Count);
        Assert.Empty(cut.FindAll("[data-testid=system-empty]"));
    }

    [Theory]
    [InlineData(79, "success")]
    [InlineData(80, "warning")]
    [InlineData(94, "warning")]
    [InlineData(95, "error")]
    [InlineData(99, "error")]
    public void DiskBar_Colour_FollowsTheAlertThresholds(int usedPercent, string colour)
    {
        var disk = new DiskUsage(DiskUsageReader.DataFolder, "/srv/portal/data", "/srv", 100_000, 100_000 - usedPercent * 1000);

        var cut = Render<DiskUsageBar>(p => p.Add(b => b.Disk, disk));

        Assert.Equal(colour, cut.Find("[data-testid=disk-data-bar]").GetAttribute("data-colour"));
        Assert.Contains($"mud-progress-linear-color-{colour}", cut.Find("[data-testid=disk-data-bar]").ClassName);
        Assert.Equal($"{usedPercent}.0% used", cut.Find("[data-testid=disk-data-percent]").TextContent.Trim());
    }

    [Fact]
    public void NavMenu_Admin_LinksTheSystemPage_OthersDoNot()
    {
        SignIn(Roles.Admin);
        Assert.EndsWith("admin/system", Render<NavMenu>().Find("[data-testid=nav-system]").GetAttribute("href"));

        SignIn(Roles.DataScientist);
        Assert.Empty(Render<NavMenu>().FindAll("[data-testid=nav-system]"));
    }
}
