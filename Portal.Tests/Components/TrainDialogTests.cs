using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Training;
using Portal.Web.Components.Dialogs;

namespace Portal.Tests.Components;

public sealed class TrainDialogTests : PortalComponentContext
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string? model = null)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => TrainDialog.ShowAsync(dialogs, model));
        return provider;
    }

    [Fact]
    public async Task Show_WithDataset_RendersTheDefaultTrainersOptionsWithDefaults()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("credit_data.csv");

        var cut = await OpenAsync("credit-risk");

        cut.WaitForElement("[data-testid=train-form]");
        var options = cut.FindAll("input[data-testid^=option-]").Select(e => e.GetAttribute("data-testid")).ToList();
        Assert.Equal(TrainerCatalog.Options(TrainerKind.FastTree).Select(o => "option-" + o.Name), options);
        Assert.Equal("100", cut.Find("input[data-testid=option-numberOfTrees]").GetAttribute("value"));
        Assert.Equal("credit-risk", cut.Find("input[data-testid=train-model]").GetAttribute("value"));
        Assert.Contains("1 to 2000", cut.Find("[data-testid=train-options]").TextContent);
    }

    [Fact]
    public async Task Show_WithDataset_PrefillsLabelAndRarerPositiveClass()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");

        var cut = await OpenAsync();

        cut.WaitForElement("[data-testid=train-form]");
        Assert.Equal("diagnosis", cut.Find("[role=combobox][data-testid=train-label]").TextContent.Trim());
        Assert.Equal("malignant", cut.Find("input[data-testid=train-positive]").GetAttribute("value"));
    }

    [Fact]
    public async Task Show_NoDatasets_ShowsEmptyState()
    {
        SignIn(Roles.DataScientist);

        var cut = await OpenAsync();

        cut.WaitForElement("[data-testid=train-no-datasets]");
    }

    [Fact]
    public async Task Start_InvalidModelName_ShowsTheErrorNextToTheField()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");
        var cut = await OpenAsync("Not Valid!");
        cut.WaitForElement("[data-testid=train-form]");

        await cut.Find("[data-testid=train-start]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("lower-case letters", cut.Find("[data-testid=train-form]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=train-run]"));
    }

    [Fact]
    public async Task Show_CreditData_PicksStatusAsLabelAndBadAsPositive()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("credit_data.csv");

        var cut = await OpenAsync();

        cut.WaitForElement("[data-testid=train-form]");
        Assert.Equal("Status", cut.Find("[role=combobox][data-testid=train-label]").TextContent.Trim());
        Assert.Equal("bad", cut.Find("input[data-testid=train-positive]").GetAttribute("value"));
    }
}
