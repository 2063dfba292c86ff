using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Web.Components.Pages.Datasets;
using Portal.Web.Extensions;

namespace Portal.Tests.Components;

/// <summary>The Datasets page follows Portal:Datasets:MaxUploadMegabytes: it states the limit and refuses a larger file before reading it.</summary>
public sealed class DatasetUploadLimitTests : PortalComponentContext
{
    public DatasetUploadLimitTests() => Services.Configure<PortalOptions>(o => o.Datasets.MaxUploadMegabytes = 1);

    [Fact]
    public async Task Upload_LargerThanTheLimit_IsRefusedNamingTheLimit_AndNothingIsStored()
    {
        SignIn(Roles.DataScientist);
        var cut = Render<DatasetsPage>();
        cut.WaitForElement("[data-testid=datasets-empty]");
        Assert.Equal("up to 1 MB", cut.Find("[data-testid=upload-limit]").TextContent.Trim());
        var big = System.Text.Encoding.UTF8.GetBytes("a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 300_000)));

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(big, "big.csv"));

        var error = cut.WaitForElement("[data-testid=upload-error]");
        Assert.Contains("big.csv is 1.1 MB: The file is larger than the upload limit of 1 MB.", error.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=upload-progress]"));
        Assert.Empty(await Services.GetRequiredService<DatasetService>().ListAsync());
    }
}
