using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Registry;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>
/// The versions table fits 1440 px: Brier, log-loss and test rows fold behind a switch, Created is a date with the
/// time in its tooltip; every value stays reachable.
/// </summary>
public sealed class VersionsTableTests : PortalComponentContext
{
    private async Task<IRenderedComponent<VersionsTable>> RenderTableAsync()
    {
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.85, brier: 0.15);
        var second = await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.80, brier: 0.12);
        var versions = (await Services.GetRequiredService<IModelRegistry>().GetModelAsync("credit-risk"))!.Versions.OrderByDescending(v => v.Version).ToList();
        Render<MudPopoverProvider>();
        return Render<VersionsTable>(p => p.Add(x => x.Versions, versions).Add(x => x.Champion, versions.Single(v => v.Version == 1)));
    }

    [Fact]
    public async Task Render_Default_FoldsBrierLogLossAndTestRows()
    {
        var cut = await RenderTableAsync();

        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("AUC", headers);
        Assert.Contains("Recall", headers);
        Assert.DoesNotContain("Brier", headers);
        Assert.DoesNotContain("Log-loss", headers);
        Assert.DoesNotContain("Test rows", headers);
        Assert.Empty(cut.FindAll("[data-testid=metric-2-brier]"));
    }

    [Fact]
    public async Task MoreSwitch_On_ShowsBrierLogLossAndTestRowsWithDeltas()
    {
        var cut = await RenderTableAsync();

        cut.Find("input[data-testid=versions-more]").Change(true);

        // The switch's change re-renders the table asynchronously.
        cut.WaitForElement("[data-testid=delta-2-brier]");
        var headers = cut.FindAll("th").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Brier", headers);
        Assert.Contains("Log-loss", headers);
        Assert.Contains("Test rows", headers);
        Assert.StartsWith("0.120", cut.Find("[data-testid=metric-2-brier]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("-0.030", cut.Find("[data-testid=delta-2-brier]").TextContent.Trim());
    }

    [Fact]
    public async Task Created_IsADateWithTheTimeToTheSecondInItsTooltip()
    {
        var cut = await RenderTableAsync();
        var version = (await Services.GetRequiredService<IModelRegistry>().GetModelAsync("credit-risk"))!.Versions.Single(v => v.Version == 2);

        var created = cut.Find("[data-testid=created-2]");

        Assert.Equal(version.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), created.TextContent.Trim());
        Assert.Equal(version.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC", created.GetAttribute("title"));
    }
}
