using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Portal.Core.Registry;
using Portal.Web.Components.Dialogs;

namespace Portal.Tests.Components;

/// <summary>A failing action in a dialog shows a sentence (UserFacingError), logs the exception, and keeps the dialog open.</summary>
public sealed class ReasonDialogTests : PortalComponentContext
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(Func<string?, Task<string?>> action)
    {
        Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => ReasonDialog.ShowAsync(dialogs, "Roll back m", null, "Roll back to v1", "rollback", reasonRequired: false, action));
        return provider;
    }

    [Fact]
    public async Task Confirm_ActionThrows_ShowsASentenceNotTheExceptionAndLogsIt()
    {
        var cut = await OpenAsync(_ => throw new InvalidOperationException("SQLite Error 5: 'database is locked' at /var/lib/portal/portal.db"));

        await cut.Find("button[data-testid=rollback-confirm]").ClickAsync(new());

        var error = cut.WaitForElement("[data-testid=rollback-error]").TextContent;
        Assert.Contains("\"Roll back to v1\" did not go through", error);
        Assert.DoesNotContain("SQLite", error);
        Assert.DoesNotContain("/var/lib", error);
        Assert.Contains(Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
        Assert.Single(cut.FindAll("[data-testid=rollback-dialog]"));
    }

    [Fact]
    public async Task Confirm_ValidationException_KeepsItsMessageWrittenForUsers()
    {
        var cut = await OpenAsync(_ => throw new ModelImportException("label", "The dataset has no column 'outcome'."));

        await cut.Find("button[data-testid=rollback-confirm]").ClickAsync(new());

        Assert.Contains("The dataset has no column 'outcome'.", cut.WaitForElement("[data-testid=rollback-error]").TextContent);
        Assert.DoesNotContain(Logs.Entries, e => e.Level == LogLevel.Error);
    }
}
