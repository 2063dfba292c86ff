using Bunit;
using Portal.Core.Auth;
using Portal.Web.Components.Pages.Datasets;

namespace Portal.Tests.Components;

public sealed class DatasetsPageTests : PortalComponentContext
{
    [Fact]
    public void Render_NoDatasets_ShowsEmptyState()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<DatasetsPage>();

        cut.WaitForElement("[data-testid=datasets-empty]");
    }

    [Fact]
    public void Render_Viewer_HasNoUploadButton()
    {
        SignIn(Roles.Viewer);

        var cut = Render<DatasetsPage>();

        cut.WaitForElement("[data-testid=datasets-empty]");
        Assert.Empty(cut.FindAll("[data-testid=upload-button]"));
    }

    [Fact]
    public void Render_DataScientist_HasUploadButton()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<DatasetsPage>();

        cut.WaitForElement("[data-testid=upload-button]");
    }

    [Fact]
    public async Task Render_OneDataset_ListsItsRowsAndColumns()
    {
        SignIn(Roles.Viewer);
        var dataset = await ImportSampleAsync("breast_cancer.csv");

        var cut = Render<DatasetsPage>();

        var table = cut.WaitForElement("[data-testid=datasets-table]");
        Assert.Contains(dataset.Name, table.TextContent);
        Assert.Contains("569", table.TextContent);
    }
}

public sealed class DatasetPageTests : PortalComponentContext
{
    [Fact]
    public async Task Render_Dataset_ShowsEveryColumnWithItsType()
    {
        SignIn(Roles.Viewer);
        var dataset = await ImportSampleAsync("credit_data.csv");

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        cut.WaitForElement("[data-testid=column-Status]");
        Assert.Equal(dataset.Profile.Columns.Count, cut.FindAll("[data-testid^=column-]").Count(e => e.GetAttribute("data-testid") is { } id && !id.StartsWith("column-chart-") && id != "column-type"));
        Assert.Equal("numeric", cut.Find("[data-testid=column-Income] [data-testid=column-type]").TextContent.Trim());
        Assert.Equal("categorical", cut.Find("[data-testid=column-Home] [data-testid=column-type]").TextContent.Trim());
        Assert.NotEmpty(cut.FindAll("[data-testid=column-chart-Income]"));
    }

    [Fact]
    public void Render_UnknownId_ShowsNotFoundState()
    {
        SignIn(Roles.Viewer);

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, 4242));

        cut.WaitForElement("[data-testid=dataset-missing]");
    }
}
