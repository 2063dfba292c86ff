using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Web.Components.Pages.Predict;

namespace Portal.Tests.Components;

public sealed class PredictPageTests : PortalComponentContext
{
    [Fact]
    public async Task Render_ModelInQuery_GeneratesOneInputPerFeature()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("predict?model=credit-risk");

        var cut = Render<PredictPage>();

        cut.WaitForElement("[data-testid=predict-submit]");
        // Numeric fields carry the id on their <input>, selects on their combobox.
        var inputs = cut.FindAll("[data-testid^=feature-]").Select(e => e.GetAttribute("data-testid")).ToList();
        Assert.Equal(["feature-Seniority", "feature-Home", "feature-Records", "feature-Income"], inputs);
    }

    [Fact]
    public async Task Render_Defaults_PrefillNumbersAndFirstChoices()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<PredictPage>();

        cut.WaitForElement("[data-testid=predict-submit]");
        Assert.Equal("0", cut.Find("input[data-testid=feature-Seniority]").GetAttribute("value"));
        Assert.Equal("owner", cut.Find("input[data-testid=feature-Home]").GetAttribute("value"));
        Assert.Equal("no", cut.Find("[role=combobox][data-testid=feature-Records]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_VersionWithDataset_PrefillsMediansAndMostFrequentCategories()
    {
        SignIn(Roles.Viewer);
        var dataset = await ImportSampleAsync("credit_data.csv");
        await RegisterVersionAsync("credit-risk", CreditSchema(), datasetId: dataset.Id);

        var cut = Render<PredictPage>();

        // Medians and modes of credit_data.csv, from pandas (median Seniority 5, Income 125; mode Home 'owner', Records 'no').
        cut.WaitForAssertion(() => Assert.Equal("5", cut.Find("input[data-testid=feature-Seniority]").GetAttribute("value")));
        Assert.Equal("125", cut.Find("input[data-testid=feature-Income]").GetAttribute("value"));
        Assert.Equal("owner", cut.Find("input[data-testid=feature-Home]").GetAttribute("value"));
        Assert.Equal("no", cut.Find("[role=combobox][data-testid=feature-Records]").TextContent.Trim());
    }

    [Fact]
    public async Task Render_VersionWithRanges_ShowsTheRangeAndWarnsOnAFarOutsideValueAndInTheResult()
    {
        SignIn(Roles.Viewer);
        var version = await TrainVersionAsync("cancer-ranges");
        Services.GetRequiredService<Portal.Core.Serving.ModelServer>().Track(version);

        var cut = Render<PredictPage>();

        // mean_radius ranges 6.981..28.11 in breast_cancer.csv.
        cut.WaitForElement("[data-testid=predict-submit]");
        Assert.Contains("training range 6.981 to 28.11", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=range-warning-mean_radius]"));

        cut.Find("input[data-testid=feature-mean_radius]").Change("-500");
        cut.WaitForAssertion(() => Assert.Contains("far outside the training range (6.981 to 28.11)", cut.Find("[data-testid=range-warning-mean_radius]").TextContent));

        cut.Find("[data-testid=predict-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("mean_radius = -500 (trained on 6.981 to 28.11)", cut.Find("[data-testid=predict-warning-mean_radius]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=predict-label]"));
    }

    [Fact]
    public async Task Render_VersionWithoutRanges_SaysTheRangeIsUnknown()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());

        var cut = Render<PredictPage>();

        cut.WaitForElement("[data-testid=predict-submit]");
        Assert.Contains("number · training range unknown", cut.Markup);
    }

    [Fact]
    public async Task Render_CategoricalFeature_OffersTheKnownCategories_AndWarnsOnAnUnknownOneAndInTheResult()
    {
        SignIn(Roles.Viewer);
        var version = await TrainCreditVersionAsync("credit-categories");
        Services.GetRequiredService<Portal.Core.Serving.ModelServer>().Track(version);
        Render<MudBlazor.MudPopoverProvider>();

        var cut = Render<PredictPage>();

        // Home in credit_data.csv: rent, owner, parents, priv, other, ignore (and some missing).
        cut.WaitForElement("[data-testid=predict-submit]");
        Assert.Contains("category · 6 known · may be left empty", cut.Markup);
        var home = cut.FindComponents<MudBlazor.MudAutocomplete<string>>().Single(a => Equals(a.Instance.UserAttributes.GetValueOrDefault("data-testid"), "feature-Home"));
        var offered = await home.Instance.SearchFunc!("", CancellationToken.None)!;
        Assert.Equal(["owner", "rent", "parents", "other", "priv", "ignore"], offered);
        Assert.Empty(cut.FindAll("[data-testid=category-warning-Home]"));

        await cut.InvokeAsync(() => home.Instance.ValueChanged.InvokeAsync("castle"));
        cut.WaitForAssertion(() => Assert.Contains("not a category the model was trained on", cut.Find("[data-testid=category-warning-Home]").TextContent));

        cut.Find("[data-testid=predict-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Home = \"castle\" (not a category in training)", cut.Find("[data-testid=predict-warning-Home]").TextContent));
        Assert.Contains("Categories not seen in training", cut.Find("[data-testid=predict-warnings]").TextContent);
        Assert.NotNull(cut.Find("[data-testid=predict-label]"));
    }

    /// <summary>A small FastTree version trained on credit_data.csv (categorical Home, Marital, Job), registered with its artefact.</summary>
    private async Task<Portal.Core.Registry.ModelVersionInfo> TrainCreditVersionAsync(string model)
    {
        Portal.Core.Datasets.CsvTable table;
        await using (var file = File.OpenRead(TestPaths.Sample("credit_data.csv"))) table = Portal.Core.Datasets.CsvTableReader.Read(file);
        var options = new Dictionary<string, double> { ["numberOfTrees"] = 5 };
        var trained = new Portal.Core.Training.ModelTrainer().Train(table, new Portal.Core.Training.TrainingRequest(1, "Status", "bad", Portal.Core.Training.TrainerKind.FastTree, 0.2, 1, options));
        var artefacts = Services.GetRequiredService<Portal.Core.Registry.ArtefactStore>();
        return await Services.GetRequiredService<Portal.Core.Registry.IModelRegistry>().AddVersionAsync(
            new Portal.Core.Registry.NewModelVersion(model, "tester", Portal.Core.Training.TrainerKind.FastTree, trained.Options, null, null, "Status", trained.PositiveClass, trained.NegativeClass, trained.Schema, trained.Evaluation, null),
            (version, ct) => artefacts.WriteAsync(model, version, trained.Artefact, ct));
    }

    [Fact]
    public void Render_NoModels_ShowsEmptyState()
    {
        SignIn(Roles.Viewer);

        var cut = Render<PredictPage>();

        cut.WaitForElement("[data-testid=predict-empty]");
    }
}
