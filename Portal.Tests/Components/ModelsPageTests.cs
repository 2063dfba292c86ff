using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Core.Auth;
using Portal.Data;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelsPageTests : PortalComponentContext
{
    [Fact]
    public void Render_Viewer_HasNoTrainButton()
    {
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForElement("[data-testid=models-empty]");
        Assert.Empty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public void Render_DataScientist_HasTrainButton()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<ModelsPage>();

        cut.WaitForElement("[data-testid=models-empty]");
        Assert.Single(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public async Task Render_OneModel_ListsIt()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<ModelsPage>();

        Assert.Contains("credit-risk", cut.WaitForElement("[data-testid=models-table]").TextContent);
    }

    [Fact]
    public async Task Render_RegistryUnreadable_ShowsASentenceNotTheExceptionAndLogsIt()
    {
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE Models RENAME TO ModelsGone");
        SignIn(Roles.Viewer);

        var cut = Render<ModelsPage>();

        cut.WaitForAssertion(() => Assert.Contains("The models could not be loaded. Reload the page", cut.Markup));
        Assert.DoesNotContain("no such table", cut.Markup);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message.Contains("no such table") == true);
    }
}

public sealed class ModelPageTests : PortalComponentContext
{
    [Fact]
    public async Task Render_ModelWithVersions_ShowsMetricsChartsAndSchema()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8649);
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8512);

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        var table = cut.WaitForElement("[data-testid=versions-table]");
        Assert.Contains("0.865", table.TextContent);
        Assert.Contains("0.851", table.TextContent);
        // Without a champion the newest version is selected.
        Assert.Equal("Version 2", cut.Find("[data-testid=selected-version]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid=roc-chart]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=confusion-chart]"));
        var schema = cut.Find("[data-testid=schema-table]").TextContent;
        Assert.Contains("Seniority", schema);
        Assert.DoesNotContain("__missing__", schema);
        Assert.Empty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public async Task Render_DataScientist_HasTrainButton()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForElement("[data-testid=versions-table]");
        Assert.Single(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public void Render_UnknownModel_ShowsNotFoundState()
    {
        SignIn(Roles.Viewer);

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "nope"));

        cut.WaitForElement("[data-testid=model-missing]");
    }

}
