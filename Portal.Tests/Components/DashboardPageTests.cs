using Bunit;
using Portal.Core.Auth;
using Portal.Web.Components.Pages.Dashboard;

namespace Portal.Tests.Components;

public sealed class DashboardPageTests : PortalComponentContext
{
    [Fact]
    public void Render_NoModelsAsDataScientist_ShowsEmptyStateWithTrainButton()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=dashboard-empty]");
        Assert.NotEmpty(cut.FindAll("[data-testid=empty-train-button]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public void Render_NoModelsAsViewer_ShowsEmptyStateWithoutTrainButtons()
    {
        SignIn(Roles.Viewer);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=dashboard-empty]");
        Assert.Empty(cut.FindAll("[data-testid=empty-train-button]"));
        Assert.Empty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public async Task Render_OneModel_ShowsItsCardWithALink()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8649);

        var cut = Render<DashboardPage>();

        var card = cut.WaitForElement("[data-testid=model-card-credit-risk]");
        Assert.Equal("—", card.QuerySelector("[data-testid=card-champion]")!.TextContent.Trim());
        Assert.Equal("0", card.QuerySelector("[data-testid=card-predictions]")!.TextContent.Trim());
        Assert.EndsWith("models/credit-risk", card.QuerySelector("[data-testid=card-open]")!.GetAttribute("href"));
    }
}
