using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Web.Components.Pages.Admin;

namespace Portal.Tests.Components;

public sealed class AuditPageTests : PortalComponentContext
{
    [Fact]
    public void Render_NoEntries_ShowsEmptyState()
    {
        SignIn(Roles.Admin, "admin");

        var cut = Render<AuditPage>();

        cut.WaitForElement("[data-testid=audit-empty]");
    }

    [Fact]
    public async Task Render_Entries_NewestFirstWithExpandableDetails()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        await audit.RecordAsync("admin", AuditActions.UserCreated, "ana", new { role = Roles.Viewer });
        await audit.RecordAsync("root", AuditActions.KeyCreated, "prometheus", new { id = 7, role = Roles.Viewer });
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();

        var cut = Render<AuditPage>();

        var rows = cut.WaitForElement("[data-testid=audit-table]").QuerySelectorAll("tbody tr");
        Assert.Equal(2, rows.Length);
        Assert.Contains("prometheus", rows[0].TextContent);
        Assert.Contains(AuditActions.UserCreated, rows[1].TextContent);
        var newest = (await audit.QueryAsync(new AuditQuery()))[0];
        Assert.Empty(cut.FindAll($"[data-testid=audit-details-{newest.Id}]"));
        await cut.Find($"button[data-testid=audit-details-toggle-{newest.Id}]").ClickAsync(new MouseEventArgs());
        Assert.Contains("\"id\": 7", cut.Find($"[data-testid=audit-details-{newest.Id}]").TextContent);
    }

    [Fact]
    public async Task Navigate_DatasetTarget_ShowsItsUploadRenameAndDelete()
    {
        var dataset = await ImportSampleAsync("breast_cancer.csv");
        var changes = Services.GetRequiredService<DatasetChanges>();
        await changes.RenameAsync(dataset.Id, "Tumours", "dana");
        Assert.True((await changes.DeleteAsync(dataset.Id, "dana")).Deleted);
        await Services.GetRequiredService<IAuditLog>().RecordAsync("admin", AuditActions.UserCreated, "ana");
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"admin/audit?target={Uri.EscapeDataString(DatasetAudit.Target(dataset.Id))}");

        var cut = Render<AuditPage>();

        var rows = cut.WaitForElement("[data-testid=audit-table]").QuerySelectorAll("tbody tr");
        Assert.Equal(
            new[] { AuditActions.DatasetDeleted, AuditActions.DatasetRenamed, AuditActions.DatasetUploaded },
            rows.Select(r => r.QuerySelector("td[data-label=Action]")!.TextContent.Trim()).ToArray());
        Assert.All(rows, r => Assert.Equal($"dataset #{dataset.Id}", r.QuerySelector("td[data-label=Target]")!.TextContent.Trim()));
    }

    [Fact]
    public async Task ClickTarget_FiltersByIt()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        await audit.RecordAsync("admin", AuditActions.UserCreated, "ana");
        await audit.RecordAsync("admin", AuditActions.UserDisabled, "ana");
        await audit.RecordAsync("root", AuditActions.KeyCreated, "prometheus");
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var cut = Render<AuditPage>();
        var ana = (await audit.QueryAsync(new AuditQuery(Target: "ana")))[0];

        await cut.WaitForElement($"[data-testid=audit-target-{ana.Id}]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal(2, cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr").Length));
        Assert.DoesNotContain("prometheus", cut.Find("[data-testid=audit-table]").TextContent);
        Assert.Equal("ana", cut.Find("input[data-testid=audit-filter-target]").GetAttribute("value"));
        Assert.Contains("target=ana", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public async Task Filters_ActionAndActor_NarrowTheTable()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        await audit.RecordAsync("admin", AuditActions.UserCreated, "ana");
        await audit.RecordAsync("admin", AuditActions.KeyRevoked, "old-key");
        await audit.RecordAsync("root", AuditActions.KeyCreated, "prometheus");
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var cut = Render<AuditPage>();
        cut.WaitForElement("[data-testid=audit-table]");

        var actionFilter = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "audit-filter-action"));
        Assert.Equal(AuditActions.All.Count + 1, actionFilter.FindComponents<MudSelectItem<string>>().Count);
        await cut.InvokeAsync(() => actionFilter.Instance.ValueChanged.InvokeAsync(AuditActions.KeyRevoked));
        await cut.Find("button[data-testid=audit-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Single(cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr")));
        Assert.Contains("old-key", cut.Find("[data-testid=audit-table]").TextContent);

        await cut.InvokeAsync(() => actionFilter.Instance.ValueChanged.InvokeAsync(""));
        await cut.Find("input[data-testid=audit-filter-actor]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "root" });
        await cut.Find("button[data-testid=audit-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Contains("prometheus", Assert.Single(cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr")).TextContent));

        await cut.Find("input[data-testid=audit-filter-actor]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "nobody" });
        await cut.Find("button[data-testid=audit-apply]").ClickAsync(new MouseEventArgs());
        cut.WaitForElement("[data-testid=audit-empty]");
    }

    [Fact]
    public async Task Navigate_WithFiltersInTheQuery_FiltersAndApplyRewritesTheUrlInPlace()
    {
        var audit = Services.GetRequiredService<IAuditLog>();
        await audit.RecordAsync("admin", AuditActions.UserCreated, "ana");
        await audit.RecordAsync("admin", AuditActions.KeyRevoked, "old-key");
        await audit.RecordAsync("root", AuditActions.KeyCreated, "prometheus");
        SignIn(Roles.Admin, "admin");
        Render<MudPopoverProvider>();
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo($"admin/audit?actor=admin&action={AuditActions.KeyRevoked}");

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains("old-key", Assert.Single(cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr")).TextContent));
        Assert.Equal("admin", cut.Find("input[data-testid=audit-filter-actor]").GetAttribute("value"));
        var history = navigation.History.Count;

        var actionFilter = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "audit-filter-action"));
        await cut.InvokeAsync(() => actionFilter.Instance.ValueChanged.InvokeAsync(""));
        await cut.Find("input[data-testid=audit-filter-actor]").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "root" });
        await cut.Find("button[data-testid=audit-apply]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("prometheus", Assert.Single(cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr")).TextContent));
        Assert.Contains("actor=root", navigation.Uri);
        Assert.DoesNotContain("action=", navigation.Uri);
        Assert.Equal(history, navigation.History.Count);

        await cut.Find("button[data-testid=audit-clear]").ClickAsync(new MouseEventArgs());
        cut.WaitForAssertion(() => Assert.Equal(3, cut.Find("[data-testid=audit-table]").QuerySelectorAll("tbody tr").Length));
        Assert.DoesNotContain("actor=", navigation.Uri);
    }

    [Fact]
    public async Task Render_Entry_TimeToTheSecondInUtc()
    {
        await Services.GetRequiredService<IAuditLog>().RecordAsync("admin", AuditActions.UserCreated, "ana");
        var entry = (await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery()))[0];
        SignIn(Roles.Admin, "admin");

        var cut = Render<AuditPage>();

        var table = cut.WaitForElement("[data-testid=audit-table]");
        Assert.Contains("Time (UTC)", table.QuerySelector("thead")!.TextContent);
        Assert.Equal(entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            cut.Find($"[data-testid=audit-row-{entry.Id}] td").TextContent);
    }
}
