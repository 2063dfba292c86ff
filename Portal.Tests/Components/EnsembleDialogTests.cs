using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Dialogs;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The Create ensemble dialog's checks and the server's refusals under their rows; the components table of an ensemble version; its row in the versions table.</summary>
public sealed class EnsembleDialogTests : PortalComponentContext
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string model)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var versions = (await Services.GetRequiredService<IModelRegistry>().GetModelAsync(model))?.Versions ?? [];
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => EnsembleDialog.ShowAsync(dialogs, model, versions));
        return provider;
    }

    private async Task<int> VersionCountAsync(string model) => (await Services.GetRequiredService<IModelRegistry>().GetModelAsync(model))!.Versions.Count;

    /// <summary>A real FastTree version trained on the uploaded breast_cancer dataset (so an ensemble can be evaluated on it).</summary>
    private async Task<ModelVersionInfo> TrainOnAsync(string model, DatasetInfo dataset, int trees)
    {
        var table = StoredTables.Read(Services.GetRequiredService<DatasetService>(), dataset);
        var trained = new ModelTrainer().Train(table, new TrainingRequest(dataset.Id, "diagnosis", "malignant", TrainerKind.FastTree, 0.2, 1, new Dictionary<string, double> { ["numberOfTrees"] = trees }));
        var artefacts = Services.GetRequiredService<ArtefactStore>();
        return await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion(model, "tester", TrainerKind.FastTree, trained.Options, dataset.Id, dataset.Sha256, "diagnosis", trained.PositiveClass, trained.NegativeClass, trained.Schema,
                trained.Evaluation with { EvaluatedOn = EvaluationRows.TestSplit(0.2, 1, dataset.Name, dataset.Id, trained.Evaluation.Metrics.TestRows) }, null),
            (version, ct) => artefacts.WriteAsync(model, version, trained.Artefact, ct));
    }

    [Fact]
    public async Task Create_WeightZero_SaysSoUnderTheWeightAndRegistersNothing()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync("credit", CreditSchema());
        await RegisterVersionAsync("credit", CreditSchema());
        var cut = await OpenAsync("credit");
        cut.WaitForElement("[data-testid=ensemble-row-1]");

        cut.Find("input[data-testid=ensemble-weight-0]").Change("0");
        await cut.Find("[data-testid=ensemble-create]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("Above 0.", cut.Find("[data-testid=ensemble-row-0]").TextContent));
        Assert.Equal(2, await VersionCountAsync("credit"));
    }

    [Fact]
    public async Task Create_VersionsWithOtherInputs_ShowsTheServersReasonUnderTheRow()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync("credit", CreditSchema());
        await RegisterVersionAsync("credit", new FeatureSchema([new FeatureSpec("Seniority", ColumnType.Numeric)]));
        var cut = await OpenAsync("credit");
        cut.WaitForElement("[data-testid=ensemble-row-1]");

        await cut.Find("[data-testid=ensemble-create]").ClickAsync(new MouseEventArgs());

        // The rows hold v2 then v1 (newest first): the second row is the one refused.
        cut.WaitForAssertion(() => Assert.Contains("components must have the same feature schema", cut.Find("[data-testid=ensemble-row-1]").TextContent));
        Assert.DoesNotContain("same feature schema", cut.Find("[data-testid=ensemble-row-0]").TextContent);
        Assert.Equal(2, await VersionCountAsync("credit"));
    }

    [Fact]
    public async Task Show_OneVersion_SaysAnEnsembleNeedsTwo()
    {
        SignIn(Roles.DataScientist);
        await RegisterVersionAsync("credit", CreditSchema());

        var cut = await OpenAsync("credit");

        cut.WaitForElement("[data-testid=ensemble-too-few]");
        Assert.True(cut.Find("[data-testid=ensemble-create]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Create_TwoTrainedVersions_RegistersTheEnsemble_AndItsPanelListsTheComponents()
    {
        SignIn(Roles.DataScientist);
        var dataset = await ImportSampleAsync("breast_cancer.csv");
        await TrainOnAsync("cancer", dataset, 20);
        await TrainOnAsync("cancer", dataset, 2);
        var cut = await OpenAsync("cancer");
        cut.WaitForElement("[data-testid=ensemble-row-1]");

        cut.Find("input[data-testid=ensemble-weight-0]").Change("3");
        await cut.Find("[data-testid=ensemble-create]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=ensemble-dialog]")), TimeSpan.FromSeconds(30));
        var ensemble = (await Services.GetRequiredService<IModelRegistry>().GetVersionAsync("cancer", 3))!;
        Assert.Equal("ensemble of v1, v2", EnsembleOptions.Describe(ensemble));
        Assert.Equal(0.25, ensemble.Options[EnsembleOptions.Key(1)], 12); // row 0 held v2 (weight 3), row 1 v1 (weight 1)

        var panel = Render<EnsembleComponentsPanel>(p => p.Add(x => x.Model, "cancer").Add(x => x.Version, 3));
        panel.WaitForElement("[data-testid=ensemble-components]");
        Assert.Contains("Not serving", panel.Find("[data-testid=ensemble-summary]").TextContent);
        var first = panel.Find("[data-testid=ensemble-component-2]").TextContent;
        Assert.Contains("(75%)", first);
        Assert.Contains("loaded · compiled", first); // evaluation loaded it
        Assert.Matches(@"^[+\-±]\d\.\d{3}$", panel.Find("[data-testid=ensemble-contribution-1]").TextContent.Trim());

        var versions = (await Services.GetRequiredService<IModelRegistry>().GetModelAsync("cancer"))!.Versions;
        var table = Render<VersionsTable>(p => p.Add(x => x.Versions, versions));
        Assert.Equal("ensemble of v1, v2", table.Find("[data-testid=trainer-3]").TextContent.Trim());
        Assert.Equal("FastTree", table.Find("[data-testid=trainer-1]").TextContent.Trim());
    }
}
