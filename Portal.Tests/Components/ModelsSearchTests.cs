using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelsSearchTests : PortalComponentContext
{
    [Fact]
    public async Task Search_FromTheUrl_FiltersByName_AndTypingUpdatesTheUrl()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema());
        await RegisterVersionAsync("churn", CreditSchema());
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("models?q=CREDIT");

        var cut = Render<ModelsPage>();

        var table = cut.WaitForElement("[data-testid=models-table]");
        Assert.Contains("credit-risk", table.TextContent);
        Assert.DoesNotContain("churn", table.TextContent);

        await cut.Find("input[data-testid=models-search]").InputAsync(new ChangeEventArgs { Value = "churn" });

        cut.WaitForAssertion(() => Assert.EndsWith("models?q=churn", navigation.Uri));
        cut.WaitForAssertion(() => Assert.DoesNotContain("credit-risk", cut.Find("[data-testid=models-table]").TextContent));

        await cut.Find("input[data-testid=models-search]").InputAsync(new ChangeEventArgs { Value = "zzz" });
        cut.WaitForElement("[data-testid=models-no-match]");
    }
}
