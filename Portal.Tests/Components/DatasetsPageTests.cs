using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Datasets;
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

/// <summary>An all-distinct text column shows the identifier hint, not a top list or bars of 1s; its long name wraps.</summary>
public sealed class DatasetPageDistinctColumnTests : PortalComponentContext
{
    private const string LongName = "customer_reference_identifier_from_the_crm_export";

    [Fact]
    public async Task Render_AllDistinctTextColumn_HidesTopValuesAndChart_ShowsTheHint()
    {
        SignIn(Roles.Viewer);
        var csv = new System.Text.StringBuilder($"{LongName},plan,amount\n");
        for (var i = 0; i < 40; i++) csv.Append("cust-").Append(i.ToString("D4")).Append(',').Append(i % 3 == 0 ? "basic" : "pro").Append(',').Append(10 + i).Append('\n');
        var dataset = await Services.GetRequiredService<DatasetService>().ImportAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv.ToString())), "customers.csv", null, "tester");

        var cut = Render<DatasetPage>(p => p.Add(x => x.Id, dataset.Id));

        var id = cut.WaitForElement($"[data-testid=column-{LongName}]");
        Assert.Contains("Nearly every value is distinct", id.QuerySelector("[data-testid=distinct-hint]")!.TextContent);
        Assert.Null(id.QuerySelector("[data-testid=top-values]"));
        Assert.Empty(cut.FindAll($"[data-testid=column-chart-{LongName}]"));
        Assert.Contains("overflow-wrap: anywhere", id.QuerySelector("[data-testid=name]")!.GetAttribute("style"));

        var plan = cut.Find("[data-testid=column-plan]");
        Assert.Contains("pro (26), basic (14)", plan.QuerySelector("[data-testid=top-values]")!.TextContent);
        Assert.Null(plan.QuerySelector("[data-testid=distinct-hint]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=column-chart-plan]"));
    }
}
