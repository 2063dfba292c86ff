using System.Globalization;
using System.Text.RegularExpressions;
using Portal.Core.Drift;
using Portal.Core.Performance;

namespace Portal.Tests.Core.Drift;

public sealed partial class DriftReportHtmlTests
{
    private static DriftRun Run(FeatureHistogram histogram) =>
        new(1, "diabetes", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 4, 768, 0, false, DriftStatuses.Ok, 0, DriftTriggers.Manual,
            new DriftReport([new FeatureDrift(histogram.Name, histogram.Type, DriftTests.Wasserstein, 0.01, null, 0.1, false, 0, 0)], [histogram]));

    [Fact]
    public void Render_LastBinLabel_IsAnchoredInsideTheChart()
    {
        var glucose = ReferenceProfile.Numeric("glucose", Enumerable.Range(0, 200).Select(i => (double)i).ToArray());
        var h = DriftHistograms.Numeric(glucose, ReferenceProfile.SortFinite([-500, 10, 50, 150]));

        var html = DriftReportHtml.Render(Run(h));

        var labels = LabelPattern().Matches(html).Select(m => (X: double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Anchor: m.Groups[2].Value, Text: m.Groups[3].Value)).ToList();
        Assert.Equal(("start", "&lt; 0"), (labels[0].Anchor, labels[0].Text));
        Assert.Equal("end", labels[^1].Anchor);
        Assert.True(labels[^1].X <= 520, $"the last label ends at x={labels[^1].X}, past the 520-wide chart");
        Assert.Contains("768 reference rows (every row of the training dataset", html);
    }

    [GeneratedRegex("""<text x="([0-9.]+)" y="[0-9]+" font-size="9" text-anchor="(start|middle|end)" fill="#3e4c59">([^<]*)</text>""")]
    private static partial Regex LabelPattern();
}
