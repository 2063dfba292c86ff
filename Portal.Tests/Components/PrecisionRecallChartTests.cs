using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The version view's precision-recall curve shows average precision and marks the slider's threshold.</summary>
public sealed class PrecisionRecallChartTests : PortalComponentContext
{
    // ThresholdMetricsTests' "ties" rows; AP 0.611 and (recall 0.4, precision 0.667) at 0.7 from threshold_reference.py.
    private static readonly Evaluation Ties = BinaryMetrics.Evaluate(
        [true, false, true, true, false, false, true, false, true, false],
        [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35], 0);

    [Fact]
    public void Chart_ShowsAveragePrecisionAndMarksThreshold()
    {
        var cut = Render<PrecisionRecallChart>(p => p.Add(x => x.Evaluation, Ties).Add(x => x.Threshold, 0.7));

        Assert.Equal("0.611", cut.Find("[data-testid=pr-average-precision]").TextContent);
        Assert.Equal(0.4, cut.Instance.Marked!.Recall, 12);
        Assert.Equal(2.0 / 3, cut.Instance.Marked.Precision, 12);
    }

    [Fact]
    public async Task ModelPage_MovingSlider_MovesPrMark()
    {
        SignIn(Roles.Viewer);
        await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion("credit-risk", "tester", TrainerKind.Imported, new Dictionary<string, double>(), null, null, "Status", "bad", "good", CreditSchema(), Ties, null)
            {
                Source = VersionSources.Imported,
            },
            (version, _) => Task.FromResult(new StoredArtefact($"credit-risk/v{version}.zip", new string('0', 64))));
        Render<MudPopoverProvider>();
        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));
        cut.WaitForAssertion(() => Assert.Equal(0.8, cut.FindComponent<PrecisionRecallChart>().Instance.Marked!.Recall, 12));

        cut.Find("input[type=range]").Input("0.7");

        cut.WaitForAssertion(() => Assert.Equal(0.4, cut.FindComponent<PrecisionRecallChart>().Instance.Marked!.Recall, 12));
        Assert.Equal("0.500", cut.Find("[data-testid=threshold-f1]").TextContent);
    }

    [Fact]
    public void SingleClassSplit_SaysNoCurve()
    {
        var cut = Render<PrecisionRecallChart>(p => p.Add(x => x.Evaluation, BinaryMetrics.Evaluate([false, false], [0.3, 0.8], 0)));

        Assert.NotEmpty(cut.FindAll("[data-testid=pr-not-available]"));
    }
}
