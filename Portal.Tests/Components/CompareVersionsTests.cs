using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>
/// Compare with two or more versions: the chooser sets the columns and the address, the address sets them on a reload,
/// the best value of each metric row is marked and every other column shows its difference from the baseline.
/// </summary>
public sealed class CompareVersionsTests : PortalComponentContext
{
    private const string Model = "credit-risk";

    /// <summary>v1 AUC 0.85 Brier 0.15 (champion), v2 AUC 0.80 Brier 0.20, v3 AUC 0.90 Brier 0.10; newest first.</summary>
    private async Task<List<ModelVersionInfo>> ThreeVersionsAsync()
    {
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.85, brier: 0.15);
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.80, brier: 0.20);
        await RegisterVersionAsync(Model, CreditSchema(), auc: 0.90, brier: 0.10);
        await Services.GetRequiredService<IModelRegistry>().SetAliasAsync(Model, ModelAliases.Champion, 1, "alice", "first", null, AliasActions.Promote);
        return (await Services.GetRequiredService<IModelRegistry>().GetModelAsync(Model))!.Versions.OrderByDescending(v => v.Version).ToList();
    }

    private IRenderedComponent<ModelCompareTab> RenderTab(IReadOnlyList<ModelVersionInfo> versions, string? selection = null)
    {
        Render<MudPopoverProvider>();
        return Render<ModelCompareTab>(p => p.Add(x => x.Versions, versions).Add(x => x.Baseline, 1).Add(x => x.Selection, selection));
    }

    private static List<string> ColumnIds(IRenderedComponent<ModelCompareTab> cut) =>
        cut.FindAll("[data-testid^=compare-col-]").Select(c => c.GetAttribute("data-testid")!).ToList();

    private string Uri => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public async Task Render_NoChoiceInTheAddress_ComparesTheChampionWithTheNewest()
    {
        var versions = await ThreeVersionsAsync();

        var cut = RenderTab(versions);

        Assert.Equal(["compare-col-1", "compare-col-3"], ColumnIds(cut));
        Assert.Empty(cut.FindAll("[data-testid=compare-note]"));
    }

    [Fact]
    public async Task Chooser_AddsAThirdVersion_ShowsThreeColumnsAndPutsThemInTheAddress()
    {
        var versions = await ThreeVersionsAsync();
        var cut = RenderTab(versions);

        var chooser = cut.FindComponents<MudSelect<int>>().Single(s => s.Instance.MultiSelection);
        await cut.InvokeAsync(() => chooser.Instance.SelectedValuesChanged.InvokeAsync([1, 2, 3]));

        Assert.Equal(["compare-col-1", "compare-col-3", "compare-col-2"], ColumnIds(cut));
        Assert.EndsWith($"/models/{Model}/compare?versions=1,3,2", Uri, StringComparison.Ordinal);
        Assert.Equal(3, cut.FindAll("[data-testid=compare-row-auc] td").Count - 1);
    }

    [Fact]
    public async Task Chooser_LeavesOneVersion_KeepsTheTwoAndSaysWhy()
    {
        var versions = await ThreeVersionsAsync();
        var cut = RenderTab(versions);

        var chooser = cut.FindComponents<MudSelect<int>>().Single(s => s.Instance.MultiSelection);
        await cut.InvokeAsync(() => chooser.Instance.SelectedValuesChanged.InvokeAsync([1]));

        Assert.Equal(["compare-col-1", "compare-col-3"], ColumnIds(cut));
        Assert.Contains("at least two", cut.Find("[data-testid=compare-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Baseline_ChosenFromTheChosen_MovesFirstAndTheDifferencesFollowIt()
    {
        var versions = await ThreeVersionsAsync();
        var cut = RenderTab(versions, "1,2,3");

        var baseline = cut.FindComponents<MudSelect<int>>().Single(s => !s.Instance.MultiSelection);
        await cut.InvokeAsync(() => baseline.Instance.ValueChanged.InvokeAsync(3));

        Assert.Equal(["compare-col-3", "compare-col-1", "compare-col-2"], ColumnIds(cut));
        Assert.Equal("-0.050", cut.Find("[data-testid=compare-delta-auc-1]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=compare-delta-auc-3]"));
        Assert.EndsWith("compare?versions=3,1,2", Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_ThreeVersions_MarksTheBestOfEachRowAndShowsDifferencesFromTheBaseline()
    {
        var versions = await ThreeVersionsAsync();

        var cut = RenderTab(versions, "1,2,3");

        Assert.Equal(["compare-col-1", "compare-col-2", "compare-col-3"], ColumnIds(cut));
        // AUC: higher is better, v3 wins; Brier: lower is better, v3 wins again.
        Assert.Equal(["false", "false", "true"], new[] { 1, 2, 3 }.Select(v => cut.Find($"[data-testid=compare-cell-auc-{v}]").GetAttribute("data-best") ?? ""));
        Assert.Equal(["false", "false", "true"], new[] { 1, 2, 3 }.Select(v => cut.Find($"[data-testid=compare-cell-brier-{v}]").GetAttribute("data-best") ?? ""));
        // The same F1 everywhere: nothing to choose between, nothing marked.
        Assert.DoesNotContain(cut.FindAll("[data-testid^=compare-cell-f1-]"), c => c.GetAttribute("data-best") == "true");
        Assert.Equal("-0.050", cut.Find("[data-testid=compare-delta-auc-2]").TextContent.Trim());
        Assert.Equal("+0.050", cut.Find("[data-testid=compare-delta-auc-3]").TextContent.Trim());
        Assert.Contains("delta-better", cut.Find("[data-testid=compare-delta-brier-3]").ClassName, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=compare-delta-auc-1]"));
        Assert.Contains("best value of the row", cut.Find("[data-testid=compare-legend]").TextContent, StringComparison.Ordinal);
        Assert.Contains("baseline v1", cut.Find("[data-testid=compare-legend]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_ThirdVersionWithOtherOptions_HighlightsTheOptionRow()
    {
        var versions = await ThreeVersionsAsync();
        var options = new Dictionary<string, double>(versions[0].Options) { ["numberOfLeaves"] = 7 };
        var fourth = await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion(Model, "tester", TrainerKind.FastTree, options, null, null, "Status", "bad", "good", CreditSchema(), versions[0].Evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact($"{Model}/v{version}.zip", new string('0', 64))));

        var cut = RenderTab([fourth, .. versions], "1,2,4");

        Assert.Equal("true", cut.Find("[data-testid=compare-option-numberOfLeaves]").GetAttribute("data-differs"));
        Assert.Contains("7", cut.Find("[data-testid=compare-option-numberOfLeaves]").TextContent, StringComparison.Ordinal);
        Assert.Equal("false", cut.Find("[data-testid=compare-option-numberOfTrees]").GetAttribute("data-differs"));
    }

    [Fact]
    public async Task Address_BadAndUnknownVersions_AreIgnoredWithANote()
    {
        var versions = await ThreeVersionsAsync();

        var cut = RenderTab(versions, "3,x,9,,1,3");

        Assert.Equal(["compare-col-3", "compare-col-1"], ColumnIds(cut));
        var note = cut.Find("[data-testid=compare-note]").TextContent;
        Assert.Contains("'x'", note, StringComparison.Ordinal);
        Assert.Contains("'9'", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Address_FewerThanTwoKnownVersions_ShowsTheDefaultsWithANote()
    {
        var versions = await ThreeVersionsAsync();

        var cut = RenderTab(versions, "2,42");

        Assert.Equal(["compare-col-1", "compare-col-3"], ColumnIds(cut));
        Assert.Contains("fewer than two known versions", cut.Find("[data-testid=compare-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelPage_CompareAddressWithThreeVersions_ShowsThemAndTheTabRemembersThem()
    {
        SignIn(Roles.Viewer);
        await ThreeVersionsAsync();
        Render<MudPopoverProvider>();

        Services.GetRequiredService<NavigationManager>().NavigateTo($"models/{Model}/compare?versions=2,3,1");

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, Model).Add(x => x.Tab, "compare"));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid^=compare-col-]").Count));
        Assert.Equal("compare-col-2", cut.Find("[data-testid^=compare-col-]").GetAttribute("data-testid"));
        // Away to History and back by the tab: the address carries the same choice again.
        var tabs = cut.FindComponent<MudTabs>();
        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(ModelTabs.IndexOf("history")!.Value));
        await cut.InvokeAsync(() => tabs.Instance.ActivePanelIndexChanged.InvokeAsync(ModelTabs.IndexOf("compare")!.Value));
        Assert.EndsWith($"/models/{Model}/compare?versions=2%2C3%2C1", Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_PrefixesRepeatsAndSpaces_KeepsTheOrderGiven()
    {
        var versions = Enumerable.Range(1, 4).Reverse().Select(v => Version(v)).ToList();

        var parsed = CompareSelection.Parse(" v4, 2 ,4,1", versions, champion: null);

        Assert.Equal([4, 2, 1], parsed.Versions);
        Assert.Empty(parsed.Ignored);
        Assert.False(parsed.UsedDefaults);
    }

    [Fact]
    public void Defaults_NoChampion_SecondNewestAgainstNewest()
    {
        var versions = Enumerable.Range(1, 3).Reverse().Select(v => Version(v)).ToList();

        Assert.Equal([2, 3], CompareSelection.Defaults(versions, champion: null));
        Assert.Equal([3, 2], CompareSelection.Defaults(versions, champion: 3));
        Assert.Equal([1, 3], CompareSelection.Defaults(versions, champion: 1));
    }

    [Fact]
    public void Best_TiesAsShownAndNotANumber_MarksEveryTiedValueAndNeverNaN()
    {
        Assert.Equal([true, false, true, false], CompareBest.Marks([0.9001, 0.8, 0.9004, double.NaN], lowerIsBetter: false));
        Assert.Equal([false, true, false], CompareBest.Marks([0.2, 0.1, 0.3], lowerIsBetter: true));
        Assert.Equal([false, false], CompareBest.Marks([0.5, 0.5], lowerIsBetter: false));
    }

    private static ModelVersionInfo Version(int version) => new(Model, version, DateTimeOffset.UnixEpoch, "tester", TrainerKind.FastTree,
        new Dictionary<string, double>(), null, null, "Status", "bad", "good", CreditSchema(),
        new Evaluation(new ModelMetrics(0.8, 0.6, 0.8, 0.7, 0.5, 0.15, 0.45, 200, 800), [], new ConfusionMatrix(1, 1, 1, 1)),
        $"{Model}/v{version}.zip", new string('0', 64), [], ModelStage.None, null);
}
