using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Web.Components.Pages.Datasets;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>Uploading from the Datasets page: success line, no stale file chip, duplicates named; the list's search.</summary>
public sealed class DatasetUploadTests : PortalComponentContext
{
    private const string Csv = "age,home,y\n30,rent,yes\n41,own,no\n30,rent,no\n55,own,yes\n";

    [Fact]
    public void Upload_Succeeds_ShowsASuccessLineAndNoFileChip()
    {
        SignIn(Roles.DataScientist);
        var cut = Render<DatasetsPage>();
        cut.WaitForElement("[data-testid=datasets-empty]");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Csv, "people-upload.csv"));

        var success = cut.WaitForElement("[data-testid=upload-success]");
        Assert.Contains("people-upload", success.TextContent);
        Assert.Contains("4 rows, 3 columns", success.TextContent);
        cut.WaitForAssertion(() => Assert.DoesNotContain(cut.FindAll(".mud-chip"), chip => chip.TextContent.Contains("people-upload.csv")));
        Assert.Empty(cut.FindAll("[data-testid=upload-error]"));
        Assert.Contains("people-upload", cut.Find("[data-testid=datasets-table]").TextContent);
    }

    [Fact]
    public async Task Upload_SameContentAgain_NamesTheExistingDatasetWithALink()
    {
        SignIn(Roles.DataScientist);
        var existing = await Services.GetRequiredService<DatasetService>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Csv)), "first.csv", "First people", "someone");
        var cut = Render<DatasetsPage>();
        cut.WaitForElement("[data-testid=datasets-table]");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(Csv, "copy.csv"));

        var duplicate = cut.WaitForElement("[data-testid=upload-duplicate]");
        Assert.Contains($"copy.csv has the same content as dataset #{existing.Id}", duplicate.TextContent);
        Assert.Equal($"datasets/{existing.Id}", cut.Find("[data-testid=upload-duplicate-link]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=upload-success]"));
        Assert.Single(await Services.GetRequiredService<DatasetService>().ListAsync());
    }

    [Fact]
    public async Task Search_FromTheUrl_FiltersByNameOrFile_AndTypingUpdatesTheUrl()
    {
        SignIn(Roles.Viewer);
        await ImportSampleAsync("breast_cancer.csv");
        await ImportSampleAsync("credit_data.csv");
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("datasets?q=CANCER");

        var cut = Render<DatasetsPage>();

        var table = cut.WaitForElement("[data-testid=datasets-table]");
        Assert.Contains("breast_cancer", table.TextContent);
        Assert.DoesNotContain("credit_data", table.TextContent);

        await cut.Find("input[data-testid=datasets-search]").InputAsync(new ChangeEventArgs { Value = "credit_data.csv" });

        cut.WaitForAssertion(() => Assert.EndsWith("datasets?q=credit_data.csv", navigation.Uri));
        cut.WaitForAssertion(() => Assert.DoesNotContain("breast_cancer", cut.Find("[data-testid=datasets-table]").TextContent));

        await cut.Find("input[data-testid=datasets-search]").InputAsync(new ChangeEventArgs { Value = "nothing-like-this" });
        cut.WaitForElement("[data-testid=datasets-no-match]");
    }

    [Fact]
    public async Task ColumnChart_UntilPlotlyHasDrawn_ShowsALoadingState()
    {
        var dataset = await ImportSampleAsync("breast_cancer.csv");
        // Plotly draws through its interop module; left pending, the chart has not been drawn yet.
        var plotly = JSInterop.SetupModule("./_content/Plotly.Blazor/plotly-interop-7.2.0.js");
        var draw = plotly.SetupVoid("newPlot", _ => true);

        var cut = Render<ColumnChart>(p => p.Add(x => x.Column, dataset.Profile.Find("mean_radius")!));

        Assert.NotNull(cut.Find("[data-testid=chart-loading]"));
        draw.SetVoidResult();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=chart-loading]")));
    }
}
