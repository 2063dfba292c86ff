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
        Assert.Equal("owner", cut.Find("[role=combobox][data-testid=feature-Home]").TextContent.Trim());
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
        Assert.Equal("owner", cut.Find("[role=combobox][data-testid=feature-Home]").TextContent.Trim());
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
    public void Render_NoModels_ShowsEmptyState()
    {
        SignIn(Roles.Viewer);

        var cut = Render<PredictPage>();

        cut.WaitForElement("[data-testid=predict-empty]");
    }
}
