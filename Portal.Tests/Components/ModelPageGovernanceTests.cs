using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Gates;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The model page's governance: versions with deltas and admin actions, the Compare, History and Gates tabs.</summary>
public sealed class ModelPageGovernanceTests : PortalComponentContext
{
    private const string Model = "credit-risk";

    private IRenderedComponent<ModelPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ModelPage>(p => p.Add(x => x.Name, Model));
        cut.WaitForElement("[data-testid=versions-table]");
        return cut;
    }

    private static async Task OpenTabAsync(IRenderedComponent<ModelPage> cut, string tab)
    {
        var header = cut.WaitForElement($"[data-testid=tab-{tab}]").Closest(".mud-tab")!;
        await header.ClickAsync(new MouseEventArgs());
    }

    /// <summary>The text of a form field with its label, helper and error text.</summary>
    private static string FieldText(IRenderedComponent<ModelPage> cut, string testId) =>
        cut.Find($"input[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    private Task<AliasMove> MoveAsync(string alias, int version, string by, string reason, IReadOnlyList<GateResult>? gates = null, string action = AliasActions.Promote) =>
        Services.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, alias, version, by, reason, gates, action);

    [Fact]
    public async Task Render_AdminWithChampion_ShowsDeltasAndPromoteOnOtherRows()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.85, brier: 0.15);
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.80, brier: 0.12);
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first");

        var cut = RenderPage();

        var auc = cut.Find("[data-testid=delta-2-auc]");
        Assert.Equal("-0.050", auc.TextContent.Trim());
        Assert.Contains("delta-worse", auc.ClassName);
        // Lower is better for Brier: a smaller Brier score is an improvement (Brier is folded away until asked for).
        Assert.Empty(cut.FindAll("[data-testid=delta-2-brier]"));
        cut.Find("input[data-testid=versions-more]").Change(true);
        // The checkbox's change re-renders the table asynchronously.
        var brier = cut.WaitForElement("[data-testid=delta-2-brier]");
        Assert.Equal("-0.030", brier.TextContent.Trim());
        Assert.Contains("delta-better", brier.ClassName);
        Assert.Empty(cut.FindAll("[data-testid^=delta-1-]"));
        Assert.Single(cut.FindAll("[data-testid=promote-2]"));
        Assert.Empty(cut.FindAll("[data-testid=promote-1]"));
        Assert.Empty(cut.FindAll("[data-testid^=approve-]"));
        Assert.True(cut.Find("button[data-testid=rollback-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_ApprovalRequired_OffersApproveOnNonChampionRows()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first");
        Assert.Null(await Services.GetRequiredService<PromotionService>().SetGatesAsync(Model, new ModelGates(RequireApproval: true), "alice"));

        var cut = RenderPage();

        Assert.Single(cut.FindAll("[data-testid=approve-2]"));
        Assert.Empty(cut.FindAll("[data-testid=approve-1]"));
    }

    [Fact]
    public async Task Render_PreviousChampionInHistory_EnablesRollback()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first");
        await MoveAsync(ModelAliases.Champion, 2, "alice", "better");

        var cut = RenderPage();

        Assert.False(cut.Find("button[data-testid=rollback-button]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_DataScientist_HasNoAdminActionsAndNoGatesTab()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first");

        var cut = RenderPage();

        cut.WaitForElement("[data-testid=tab-history]");
        Assert.Empty(cut.FindAll("[data-testid=tab-gates]"));
        Assert.Empty(cut.FindAll("[data-testid=gates-form]"));
        Assert.Empty(cut.FindAll("[data-testid^=promote-]"));
        Assert.Empty(cut.FindAll("[data-testid=rollback-button]"));
    }

    [Fact]
    public async Task GatesTab_Admin_RendersTheFormWithTheStoredGates()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        Assert.Null(await Services.GetRequiredService<PromotionService>().SetGatesAsync(Model, new ModelGates(MinAuc: 0.7, MinTestRows: 150), "bob"));
        var cut = RenderPage();

        await OpenTabAsync(cut, "gates");

        cut.WaitForElement("[data-testid=gates-form]");
        Assert.Equal("0.7", cut.Find("input[data-testid=gate-minAuc]").GetAttribute("value"));
        Assert.Equal("150", cut.Find("input[data-testid=gate-minTestRows]").GetAttribute("value"));
        Assert.True(string.IsNullOrEmpty(cut.Find("input[data-testid=gate-maxBrierDegradation]").GetAttribute("value")));
        Assert.Contains("bob", cut.Find("[data-testid=gates-updated]").TextContent);
    }

    [Fact]
    public async Task GatesSave_OutOfRangeValues_ShowsFieldErrorsAndStoresNothing()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderPage();
        await OpenTabAsync(cut, "gates");
        cut.WaitForElement("[data-testid=gates-form]");

        await cut.Find("input[data-testid=gate-minAuc]").ChangeAsync(new ChangeEventArgs { Value = "1.5" });
        await cut.Find("input[data-testid=gate-maxBrierDegradation]").ChangeAsync(new ChangeEventArgs { Value = "-0.1" });
        await cut.Find("input[data-testid=gate-minTestRows]").ChangeAsync(new ChangeEventArgs { Value = "-5" });
        await cut.Find("button[data-testid=gates-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("must be between 0 and 1.", FieldText(cut, "gate-minAuc")));
        Assert.Contains("must be between 0 and 1.", FieldText(cut, "gate-maxBrierDegradation"));
        Assert.Contains("must not be negative.", FieldText(cut, "gate-minTestRows"));
        Assert.DoesNotContain("must be", FieldText(cut, "gate-minF1ImprovementPct"));
        var stored = await Services.GetRequiredService<PromotionService>().GetGatesAsync(Model);
        Assert.Equal(ModelGates.Off with { }, stored! with { UpdatedAt = null, UpdatedBy = null });
    }

    [Fact]
    public async Task GatesSave_ValidValues_StoresThemAndShowsTheLastChange()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderPage();
        await OpenTabAsync(cut, "gates");
        cut.WaitForElement("[data-testid=gates-form]");

        await cut.Find("input[data-testid=gate-minAuc]").ChangeAsync(new ChangeEventArgs { Value = "0.75" });
        await cut.Find("button[data-testid=gates-save]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("alice", cut.Find("[data-testid=gates-updated]").TextContent));
        var stored = await Services.GetRequiredService<PromotionService>().GetGatesAsync(Model);
        Assert.Equal(0.75, stored!.MinAuc);
        Assert.Contains("Min AUC 0.75", cut.Find("[data-testid=gates-summary]").TextContent);
        Assert.DoesNotContain("must be", FieldText(cut, "gate-minAuc"));
    }

    [Fact]
    public async Task HistoryTab_Moves_ListsThemNewestFirstWithGateEvidence()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first release");
        await MoveAsync(ModelAliases.Champion, 2, "alice", "better recall",
            [new GateResult(GateNames.MinAuc, true, 0.85, 0.8, 0.85, "Test AUC 0.850 meets the minimum 0.800.")]);
        await MoveAsync(ModelAliases.Champion, 1, "bob", "complaints from the call centre", action: AliasActions.Rollback);
        var cut = RenderPage();

        await OpenTabAsync(cut, "history");

        cut.WaitForElement("[data-testid=history-timeline]");
        var items = cut.FindAll("[data-testid=history-item]");
        Assert.Equal(3, items.Count);
        Assert.Equal(["rollback", "promote", "promote"], items.Select(i => i.GetAttribute("data-action")));
        Assert.Contains("v2 → v1", items[0].TextContent);
        Assert.Contains("bob", items[0].TextContent);
        Assert.Contains("complaints from the call centre", items[0].TextContent);
        Assert.Contains("v1 → v2", items[1].TextContent);
        Assert.Contains("Gate evidence: 1 of 1 passed", items[1].TextContent);
        Assert.Contains("— → v1", items[2].TextContent);
    }

    [Fact]
    public async Task CompareTab_TwoVersions_ShowsMetricsOverlaidRocAndSchemaDifferences()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.85);
        var changed = new FeatureSchema(
        [
            new FeatureSpec("Seniority", ColumnType.Numeric),
            new FeatureSpec("Home", ColumnType.Categorical, ["owner", "rent", "other", FeatureSchema.OtherCategory]),
            new FeatureSpec("Records", ColumnType.Categorical, ["no", "yes", FeatureSchema.OtherCategory]),
            new FeatureSpec("Age", ColumnType.Numeric),
        ]);
        await RegisterVersionAsync(Model, changed, auc: 0.80);
        await MoveAsync(ModelAliases.Champion, 1, "alice", "first");
        var cut = RenderPage();

        await OpenTabAsync(cut, "compare");

        var metrics = cut.WaitForElement("[data-testid=compare-metrics]");
        Assert.Contains("0.850", metrics.TextContent);
        Assert.Contains("0.800", metrics.TextContent);
        Assert.Contains("-0.050", metrics.QuerySelector("[data-testid=compare-row-auc]")!.TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=compare-roc]"));
        var schema = cut.Find("[data-testid=compare-schema]");
        Assert.Contains("added", schema.QuerySelector("[data-testid=schema-change-Age]")!.TextContent);
        Assert.Contains("removed", schema.QuerySelector("[data-testid=schema-change-Income]")!.TextContent);
        Assert.Contains("boolean → categorical", schema.QuerySelector("[data-testid=schema-change-Records]")!.TextContent);
        var home = schema.QuerySelector("[data-testid=schema-change-Home]")!.TextContent;
        Assert.Contains("added other", home);
        Assert.Contains("removed parents", home);
        Assert.Empty(cut.FindAll("[data-testid=schema-change-Seniority]"));
    }
}
