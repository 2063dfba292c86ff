using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Data;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelCardPanelTests : PortalComponentContext
{
    private IRenderedComponent<ModelCardPanel> RenderCard(int version = 1)
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<ModelCardPanel>(p => p.Add(x => x.Model, "credit-risk").Add(x => x.Version, version));
    }

    [Fact]
    public async Task Render_DataScientist_ShowsMetricsEditableFieldsAndDownloads()
    {
        SignIn(Roles.DataScientist);
        var dataset = await ImportSampleAsync("credit_data.csv");
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8649, datasetId: dataset.Id);

        var cut = RenderCard();

        cut.WaitForElement("[data-testid=card-metrics]");
        Assert.Contains("0.865", cut.Find("[data-testid=card-metrics]").TextContent);
        Assert.Contains("200", cut.Find("[data-testid=card-metrics]").TextContent);
        Assert.Contains("credit_data.csv", cut.Find("[data-testid=card-training-data]").TextContent);
        Assert.Single(cut.FindAll("textarea[data-testid=card-intended-use]"));
        Assert.Single(cut.FindAll("textarea[data-testid=card-limitations]"));
        Assert.True(cut.Find("[data-testid=card-save]").HasAttribute("disabled"), "nothing to save yet");
        Assert.Equal("download/models/credit-risk/versions/1/card.json", cut.Find("[data-testid=card-download-json]").GetAttribute("href"));
        Assert.Equal("download/models/credit-risk/versions/1/card.md", cut.Find("[data-testid=card-download-md]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=card-download-md]").GetAttribute("download"));
    }

    [Fact]
    public async Task Save_EditedText_UpdatesTheCardAndAudits()
    {
        SignIn(Roles.DataScientist, "dana");
        await RegisterVersionAsync("credit-risk", CreditSchema());
        var cut = RenderCard();
        cut.WaitForElement("textarea[data-testid=card-intended-use]");

        await cut.Find("textarea[data-testid=card-intended-use]").InputAsync(new ChangeEventArgs { Value = "Pre-screening of consumer loans." });
        await cut.Find("textarea[data-testid=card-limitations]").InputAsync(new ChangeEventArgs { Value = "Not for business loans." });
        await cut.Find("[data-testid=card-save]").ClickAsync(new MouseEventArgs());

        var registry = Services.GetRequiredService<IModelRegistry>();
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=card-save]").HasAttribute("disabled")));
        var version = await registry.GetVersionAsync("credit-risk", 1);
        Assert.Equal("Pre-screening of consumer loans.", version!.IntendedUse);
        Assert.Equal("Not for business loans.", version.Limitations);
        var audit = await Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(Action: AuditActions.CardUpdated));
        Assert.Equal("dana", Assert.Single(audit).Actor);
    }

    [Fact]
    public async Task Render_Viewer_ShowsTheTextReadOnly()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());
        await Services.GetRequiredService<IModelRegistry>().UpdateCardAsync("credit-risk", 1, "Pre-screening of consumer loans.", null);

        var cut = RenderCard();

        cut.WaitForElement("[data-testid=card-metrics]");
        Assert.Equal("Pre-screening of consumer loans.", cut.Find("[data-testid=card-intended-use]").TextContent.Trim());
        Assert.Equal("Not written yet.", cut.Find("[data-testid=card-limitations]").TextContent.Trim());
        Assert.Empty(cut.FindAll("textarea"));
        Assert.Empty(cut.FindAll("[data-testid=card-save]"));
        Assert.Single(cut.FindAll("[data-testid=card-download-json]"));
    }

    [Fact]
    public async Task Render_Promoted_ShowsItsGateResults()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync("credit-risk", ModelAliases.Champion, 1, "admin", "first champion",
            [new Portal.Core.Gates.GateResult(Portal.Core.Gates.GateNames.MinAuc, true, 0.85, 0.8, null, "ok")]);

        var cut = RenderCard();

        var promotions = cut.WaitForElement("[data-testid=card-promotions]").TextContent;
        Assert.Contains("first champion", promotions);
        Assert.Contains("minAuc", promotions);
    }

    [Fact]
    public void Render_UnknownVersion_SaysSo()
    {
        SignIn(Roles.Viewer);

        var cut = RenderCard(version: 9);

        cut.WaitForAssertion(() => Assert.Contains("has no version 9", cut.Find("[data-testid=model-card]").TextContent));
    }

    [Fact]
    public async Task Render_RegistryUnreadable_ShowsASentenceNotTheExceptionAndLogsIt()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8649);
        await using (var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE ModelVersions RENAME TO ModelVersionsGone");

        var cut = RenderCard();

        cut.WaitForAssertion(() => Assert.Contains("The model card could not be loaded. Reload the page", cut.Markup));
        Assert.DoesNotContain("no such table", cut.Markup);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message.Contains("no such table") == true);
    }
}

public sealed class ModelImportButtonTests : PortalComponentContext
{
    [Fact]
    public async Task ModelPage_DataScientist_HasImportButtonAndCard()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForElement("[data-testid=model-card]");
        Assert.False(cut.Find("[data-testid=import-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task ModelPage_Viewer_HasNoImportButton()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForElement("[data-testid=model-card]");
        Assert.Empty(cut.FindAll("[data-testid=import-button]"));
    }

    [Fact]
    public void ModelsPage_DataScientist_HasImportButton()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<ModelsPage>();

        cut.WaitForElement("[data-testid=models-empty]");
        Assert.Single(cut.FindAll("[data-testid=import-button]"));
    }

    [Fact]
    public async Task ImportButton_Click_OpensTheImportDialog()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<ModelsPage>();
        cut.WaitForElement("[data-testid=models-empty]");

        // Not awaited: the page's handler waits for the dialog's result, which comes only when the dialog closes.
        _ = cut.Find("[data-testid=import-button]").ClickAsync(new MouseEventArgs());

        dialogs.WaitForElement("[data-testid=import-form]");
        Assert.Equal("diagnosis", dialogs.Find("[role=combobox][data-testid=import-label]").TextContent.Trim());
    }
}
