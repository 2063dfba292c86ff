using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Plotly.Blazor.Traces;
using Portal.Core.Auth;
using Portal.Core.Explanations;
using Portal.Core.Registry;
using Portal.Core.Statistics;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>The reliability diagram and the importance chart: few points, long names, a second (SHAP) series, and older versions without either.</summary>
public sealed class QualityChartsTests : PortalComponentContext
{
    private static readonly Evaluation Ties = BinaryMetrics.Evaluate(
        [true, false, true, true, false, false, true, false, true, false],
        [0.9, 0.9, 0.5, 0.5, 0.5, 0.2, 0.7, 0.1, 0.2, 0.35], 0);

    [Fact]
    public void ReliabilityChart_FewPoints_DrawsNonEmptyBinsAndListsAllTen()
    {
        var diagram = ReliabilityDiagram.Of([0.05, 0.05, 0.95, 0.62], [false, true, true, false]);

        var cut = Render<ReliabilityChart>(p => p.Add(x => x.Diagram, diagram).Add(x => x.TestId, "rc"));

        Assert.Contains("over 4 rows in 10 bins (3 non-empty)", System.Text.RegularExpressions.Regex.Replace(cut.Find("[data-testid=rc-ece]").TextContent, @"\s+", " "));
        var data = cut.FindComponent<PortalChart>().Instance.Data;
        var model = data.OfType<Scatter>().Single(s => s.Name == "model");
        Assert.Equal([0.05, 0.62, 0.95], model.X.Cast<double>(), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.5, 0.0, 1.0], model.Y.Cast<double>());
        Assert.Equal([2, 1, 1], data.OfType<Bar>().Single().Y.Cast<int>());
        Assert.Equal(10, cut.FindAll("[data-testid=rc-bins] tbody tr").Count);
    }

    [Fact]
    public void ReliabilityChart_NoDiagram_SaysWhy()
    {
        var cut = Render<ReliabilityChart>(p => p.Add(x => x.Diagram, null).Add(x => x.TestId, "rc").Add(x => x.EmptyText, "Evaluated before."));

        Assert.Equal("Evaluated before.", cut.Find("[data-testid=rc-none]").TextContent);
        Assert.Empty(cut.FindComponents<PortalChart>());
    }

    [Fact]
    public void ImportanceChart_LongNames_CutUniquelyWithErrorBars()
    {
        var longName = new string('x', 40);
        IReadOnlyList<ImportanceBar> bars =
        [
            new(longName + "a", 0.1, 0.02),
            new(longName + "b", 0.05, 0.01),
            new("short", -0.01, 0.005),
        ];

        var cut = Render<ImportanceChart>(p => p.Add(x => x.Bars, bars));

        var bar = (Bar)Assert.Single(cut.FindComponent<PortalChart>().Instance.Data);
        var labels = bar.Y.Cast<string>().ToList();
        Assert.Equal(3, labels.Distinct().Count());
        Assert.All(labels, l => Assert.True(l.Length <= ImportanceChart.MaxLabel + 4, l));
        Assert.Equal("short", labels[2]);
        Assert.Equal([0.02, 0.01, 0.005], bar.ErrorX.Array.Cast<double?>().Select(v => v!.Value));
        Assert.Equal(longName + "a", bar.TextArray[0]);
    }

    [Fact]
    public void ImportanceChart_WithMeanAbsShap_AddsASecondSeries()
    {
        IReadOnlyList<ImportanceBar> bars = [new("a", 0.1, 0.02, 1.5), new("b", 0.05, 0.01, null)];

        var cut = Render<ImportanceChart>(p => p.Add(x => x.Bars, bars));

        var data = cut.FindComponent<PortalChart>().Instance.Data.Cast<Bar>().ToList();
        Assert.Equal(2, data.Count);
        Assert.Equal("x2", data[1].XAxis);
        Assert.Equal(2, cut.FindComponent<PortalChart>().Instance.Layout.XAxis.Count);
    }

    [Fact]
    public void ImportanceChart_NegativeDropWithMeanAbsShap_BothAxesShareTheZeroLine()
    {
        IReadOnlyList<ImportanceBar> bars = [new("a", -0.02, 0.01, 1.0), new("b", 0.1, 0.02, 0.5)];

        var cut = Render<ImportanceChart>(p => p.Add(x => x.Bars, bars));

        var axes = cut.FindComponent<PortalChart>().Instance.Layout.XAxis;
        double ZeroAt(int axis) => -Convert.ToDouble(axes[axis].Range[0]) / (Convert.ToDouble(axes[axis].Range[1]) - Convert.ToDouble(axes[axis].Range[0]));
        Assert.True(ZeroAt(0) > 0.1);
        Assert.Equal(ZeroAt(0), ZeroAt(1), 12);
        Assert.Equal(1.05, Convert.ToDouble(axes[1].Range[1]), 12);
    }

    [Fact]
    public async Task ModelPage_OlderVersion_SaysWhyNeitherIsShown()
    {
        SignIn(Roles.Viewer);
        var older = Ties with { Calibration = null, Metrics = Ties.Metrics with { ExpectedCalibrationError = null } };
        await AddVersionAsync(older, VersionSources.Trained);
        Render<MudPopoverProvider>();

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForAssertion(() => Assert.Contains("evaluated before Portal kept one", cut.Find("[data-testid=version-reliability-none]").TextContent));
        Assert.Contains("trained before Portal computed it", cut.Find("[data-testid=version-importance-none]").TextContent);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=card-importance-none]")));
    }

    [Fact]
    public async Task ModelPage_NewVersion_ShowsBothRankedInTheCard()
    {
        SignIn(Roles.Viewer);
        var importance = new PermutationImportanceResult(0.68, 5, 1, 10,
            [new FeatureImportance("Seniority", 0.01, 0.002), new FeatureImportance("Home", 0.12, 0.03), new FeatureImportance("Records", 0, 0), new FeatureImportance("Income", 0.05, 0.01)]);
        await AddVersionAsync(Ties with { Importance = importance }, VersionSources.Trained);
        Render<MudPopoverProvider>();

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=version-reliability]")));
        Assert.NotEmpty(cut.FindAll("[data-testid=version-importance]"));
        var chart = cut.FindComponent<ImportanceChart>().Instance;
        Assert.Equal(["Home", "Income", "Seniority", "Records"], chart.Bars.Select(b => b.Feature));
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=card-importance] li").Count));
        Assert.StartsWith("Home: 0.120 ± 0.030", cut.FindAll("[data-testid=card-importance] li")[0].TextContent.Trim());
    }

    [Fact]
    public async Task ModelPage_VersionWithMeanAbsShap_ChartsBothSeriesAndCardListsIt()
    {
        SignIn(Roles.Viewer);
        var importance = new PermutationImportanceResult(0.68, 5, 1, 10,
            [new FeatureImportance("Seniority", 0.01, 0.002), new FeatureImportance("Home", 0.12, 0.03)]);
        var shap = new ShapImportance(10, [new FeatureShapImportance("Seniority", 0.4), new FeatureShapImportance("Home", 0.9), new FeatureShapImportance("Income", 0.2)]);
        await AddVersionAsync(Ties with { Importance = importance, MeanAbsShap = shap }, VersionSources.Trained);
        Render<MudPopoverProvider>();

        var cut = Render<ModelPage>(p => p.Add(x => x.Name, "credit-risk"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=version-importance]")));
        var traces = cut.FindComponent<ImportanceChart>().FindComponent<PortalChart>().Instance.Data.Cast<Bar>().ToList();
        Assert.Equal(["permutation (AUC drop)", "mean |SHAP| (log-odds)"], traces.Select(t => t.Name));
        // Permutation-ranked features first, then the SHAP-only one; each SHAP bar on its feature's row.
        Assert.Equal([0.9, 0.4, 0.2], traces[1].X.Cast<double?>().Select(v => v!.Value));
        Assert.Equal(["Home", "Seniority", "Income"], traces[1].TextArray.Cast<string>());
        Assert.NotEmpty(cut.FindAll("[data-testid=shap-summary]"));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=card-shap] li").Count));
        Assert.StartsWith("Home: 0.900", cut.FindAll("[data-testid=card-shap] li")[0].TextContent.Trim());
    }

    private Task AddVersionAsync(Evaluation evaluation, string source) =>
        Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion("credit-risk", "tester", TrainerKind.LogisticRegression, new Dictionary<string, double>(), null, null, "Status", "bad", "good", CreditSchema(), evaluation, null)
            {
                Source = source,
            },
            (version, _) => Task.FromResult(new StoredArtefact($"credit-risk/v{version}.zip", new string('0', 64))));
}
