using Bunit;
using Portal.Core.Serving;
using Portal.Web.Components.Pages.Dashboard;

namespace Portal.Tests.Components;

public sealed class HealthChipTests : PortalComponentContext
{
    private static readonly ModelHealthSettings Settings = new(TimeSpan.FromHours(48), 3.0);

    private static ModelStatus Status(string health, double? auc = 0.85, double? drift = null, double? age = 2) =>
        new("m", health != ModelHealth.NoModel, 1, DateTimeOffset.UnixEpoch, auc, 500, DateTimeOffset.UnixEpoch, age, drift, health, null);

    [Theory]
    [InlineData(ModelHealth.Ok, "mud-chip-color-success", "Serving")]
    [InlineData(ModelHealth.WarningLowAuc, "mud-chip-color-warning", "AUC 0.60 is below 0.65")]
    [InlineData(ModelHealth.CriticalLowAuc, "mud-chip-color-error", "AUC 0.50 is below 0.55", 0.5)]
    [InlineData(ModelHealth.WarningHighDrift, "mud-chip-color-warning", "drift score 4.20 is above the threshold 3.00")]
    [InlineData(ModelHealth.WarningStale, "mud-chip-color-warning", "trained 72 hours ago, more than 48")]
    [InlineData(ModelHealth.NoModel, "mud-chip-color-default", "No champion is loaded")]
    [InlineData(ModelHealth.Error, "mud-chip-color-error", "could not be loaded")]
    public void Render_EachState_ColouredChipWithTheReason(string health, string colorClass, string reason, double auc = 0.6)
    {
        var cut = Render<HealthChip>(p => p
            .Add(c => c.Status, Status(health, auc: auc, drift: 4.2, age: 72))
            .Add(c => c.Settings, Settings));

        var chip = cut.Find("[data-testid=card-health]");
        Assert.Equal(health, chip.GetAttribute("data-health"));
        Assert.Equal(health, chip.TextContent.Trim());
        Assert.Contains(reason, chip.GetAttribute("title"));
        Assert.Contains(colorClass, cut.Find(".mud-chip").ClassName);
    }

    [Fact]
    public void Explain_EveryState_HasItsOwnSentence() =>
        Assert.Equal(ModelHealth.All.Count, ModelHealth.All.Select(h => ModelHealthReasons.Explain(Status(h), Settings)).Distinct().Count());
}
