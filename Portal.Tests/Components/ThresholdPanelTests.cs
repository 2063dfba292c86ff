using Bunit;
using MudBlazor;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>The version view's threshold slider recomputes the confusion matrix and metrics as it moves.</summary>
public sealed class ThresholdPanelTests : PortalComponentContext
{
    // Same rows as ThresholdMetricsTests' "ties" case (values from tools/reference/threshold_reference.py).
    private static readonly Evaluation Ties = BinaryMetrics.Evaluate(
        [true, false, true, true, false, false, true, false, true, false],
        [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35], 0);

    [Fact]
    public void MovingSlider_ChangesMatrixAndF1()
    {
        Render<MudPopoverProvider>();
        var cut = Render<ThresholdPanel>(p => p.Add(x => x.Evaluation, Ties));
        Assert.Equal("0.727", cut.Find("[data-testid=threshold-f1]").TextContent);

        cut.Find("input[type=range]").Input("0.7");

        cut.WaitForAssertion(() => Assert.Equal("0.70", cut.Find("[data-testid=threshold-value]").TextContent));
        Assert.Equal("0.500", cut.Find("[data-testid=threshold-f1]").TextContent);
        Assert.Equal("0.667", cut.Find("[data-testid=threshold-precision]").TextContent);
        Assert.Equal("0.400", cut.Find("[data-testid=threshold-recall]").TextContent);
        Assert.Equal("0.600", cut.Find("[data-testid=threshold-accuracy]").TextContent);
        var matrix = cut.FindComponent<ConfusionChart>().Instance.Matrix;
        Assert.Equal(new ConfusionMatrix(2, 1, 4, 3), matrix);
    }

    [Fact]
    public void VersionWithoutRoc_SaysNotAvailable()
    {
        var oneClass = BinaryMetrics.Evaluate([true, true], [0.3, 0.8], 0);

        var cut = Render<ThresholdPanel>(p => p.Add(x => x.Evaluation, oneClass));

        Assert.Contains("not available", cut.Find("[data-testid=threshold-not-available]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("input[type=range]"));
    }
}
