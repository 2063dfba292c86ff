using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Web.Components.Pages.Datasets;

namespace Portal.Tests.Components;

/// <summary>Renaming and deleting a dataset from its page; the warnings a trained label adds.</summary>
public sealed class DatasetChangesPageTests : PortalComponentContext
{
    [Fact]
    public async Task Rename_SavesTheNewName_AndAuditsIt()
    {
        SignIn(Roles.DataScientist, "dana");
        var dataset = await ImportSampleAsync("breast_cancer.csv");
        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        await cut.WaitForElement("[data-testid=rename-button]").ClickAsync(new MouseEventArgs());
        await cut.Find("input[data-testid=rename-input]").ChangeAsync(new ChangeEventArgs { Value = "Tumours 1995" });
        await cut.Find("[data-testid=rename-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("Tumours 1995", cut.Find("[data-testid=dataset-name]").TextContent));
        Assert.Equal("Tumours 1995", (await Services.GetRequiredService<DatasetService>().GetAsync(dataset.Id))!.Name);
        var entry = Assert.Single(await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.DatasetRenamed)));
        Assert.Equal("dana", entry.Actor);
    }

    [Fact]
    public async Task Render_Admin_LinksToTheDatasetsAuditEntries()
    {
        SignIn(Roles.Admin);
        var dataset = await ImportSampleAsync("breast_cancer.csv");

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        Assert.Equal($"admin/audit?target=dataset%20%23{dataset.Id}", cut.WaitForElement("[data-testid=dataset-audit-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Delete_Confirmed_RemovesTheDatasetAndGoesBackToTheList()
    {
        SignIn(Roles.DataScientist);
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var dataset = await ImportSampleAsync("breast_cancer.csv");
        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        // The click's handler waits for the confirmation: not awaited here, it ends once the dialog is answered.
        var delete = cut.WaitForElement("[data-testid=delete-button]").ClickAsync(new MouseEventArgs());
        var confirm = dialogs.WaitForElement(".mud-message-box__yes-button");
        Assert.Contains("breast_cancer", dialogs.Markup);
        await confirm.ClickAsync(new MouseEventArgs());
        await delete;

        cut.WaitForAssertion(() => Assert.EndsWith("/datasets", Services.GetRequiredService<NavigationManager>().Uri));
        Assert.Null(await Services.GetRequiredService<DatasetService>().GetAsync(dataset.Id));
        Assert.False(Services.GetRequiredService<DatasetFiles>().Exists(dataset.Sha256));
    }

    [Fact]
    public async Task Render_UsedByAVersion_DeleteIsDisabled_AndTheVersionIsNamed()
    {
        SignIn(Roles.DataScientist);
        var dataset = await ImportSampleAsync("credit_data.csv");
        await RegisterVersionAsync("credit-risk", CreditSchema(), datasetId: dataset.Id);

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        Assert.True(cut.WaitForElement("[data-testid=delete-button]").HasAttribute("disabled"));
        Assert.Contains("credit-risk v1", cut.Find("[data-testid=dataset-uses]").TextContent);
    }

    [Fact]
    public async Task Render_Viewer_HasNoRenameOrDelete()
    {
        SignIn(Roles.Viewer);
        var dataset = await ImportSampleAsync("breast_cancer.csv");

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        cut.WaitForElement("[data-testid=dataset-name]");
        Assert.Empty(cut.FindAll("[data-testid=rename-button]"));
        Assert.Empty(cut.FindAll("[data-testid=delete-button]"));
    }

    [Fact]
    public async Task Render_ColumnWithManyMissingValues_IsAWarningNotNoIssues()
    {
        SignIn(Roles.Viewer);
        var csv = new System.Text.StringBuilder("a,b\n");
        for (var i = 0; i < 1000; i++) csv.Append(i % 3).Append(',').Append(i < 487 ? "" : (i % 7).ToString()).Append('\n');
        var dataset = await Services.GetRequiredService<DatasetService>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), "holes.csv", null, "tester");

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        Assert.Contains("48.7% missing", cut.WaitForElement("[data-testid=issues]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=issues-none]"));
    }
}
