using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Web.Components.Dialogs;

namespace Portal.Tests.Components;

public sealed class ImportDialogTests : PortalComponentContext
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(string? model = null)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => ImportDialog.ShowAsync(dialogs, model));
        return provider;
    }

    [Fact]
    public async Task Import_FileThatIsNotAModel_ShowsTheReasonAndRegistersNothing()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");
        var cut = await OpenAsync("cancer");
        cut.WaitForElement("[data-testid=import-form]");

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("not a zip", "model.zip"));
        await cut.Find("[data-testid=import-start]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("not a loadable ML.NET model", cut.Find("[data-testid=import-file-error]").TextContent));
        Assert.Null(await Services.GetRequiredService<IModelRegistry>().GetModelAsync("cancer"));
    }

    [Fact]
    public async Task Import_NoFile_AsksForIt()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");
        var cut = await OpenAsync("cancer");
        cut.WaitForElement("[data-testid=import-form]");

        await cut.Find("[data-testid=import-start]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("Choose the model file (.zip or .onnx)", cut.Find("[data-testid=import-file-error]").TextContent));
    }

    [Fact]
    public async Task Show_NoDatasets_ShowsEmptyState()
    {
        SignIn(Roles.DataScientist);

        var cut = await OpenAsync();

        cut.WaitForElement("[data-testid=import-no-datasets]");
    }
}
