using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor.Traces;
using Portal.Core.Auth;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Pages.Models;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>The Performance tab's estimated performance (CBPE): line and band per metric, realized points, drift warning.</summary>
public sealed class EstimatedPerformancePanelTests : PortalComponentContext
{
    private const string Model = "credit";

    [Fact]
    public async Task Render_PredictionsWithoutLabels_EstimatedLineWithBandPerMetricAndNoLabelsSentence()
    {
        await RegisterEstimatedVersionAsync();
        var records = await LogPredictionsAsync(days: 3, perDay: 30);
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, Model));

        cut.WaitForElement("[data-testid=estimated-no-labels]");
        Assert.Contains("realized points appear", cut.Find("[data-testid=estimated-no-labels]").TextContent);
        foreach (var metric in EstimatedPerformanceChart.Metrics) cut.Find($"[data-testid=estimated-chart-{metric}]");
        var auc = Chart(cut, "AUC");
        var lines = auc.Data.OfType<Scatter>().ToList();
        Assert.Equal(["v1 band lower", "v1 band upper", "v1 estimated (band: ±3 sampling errors)"], lines.Select(l => l.Name));
        var (lower, upper, estimated) = (lines[0], lines[1], lines[2]);
        // The band is the fill from the upper edge down to the lower one, around the estimate, one point per day.
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, upper.Fill);
        Assert.StartsWith("rgba(", upper.FillColor as string);
        var buckets = Buckets(records);
        Assert.Equal(buckets, estimated.Y.Count);
        for (var i = 0; i < buckets; i++)
        {
            var value = (double)estimated.Y[i]!;
            Assert.InRange(value, (double)lower.Y[i]!, (double)upper.Y[i]!);
            Assert.True((double)upper.Y[i]! > (double)lower.Y[i]!);
        }

        Assert.DoesNotContain(auc.Data.OfType<Scatter>(), t => t.Name!.Contains("realized"));
        Assert.True(auc.Layout.ShowLegend);
        // The realized part still says it has no labels.
        cut.Find("[data-testid=performance-empty]");
        Assert.Empty(cut.FindAll("[data-testid=estimated-drift-warning]"));
    }

    [Fact]
    public async Task Render_LabelsArrived_RealizedPointsOnTheEstimatedChart()
    {
        await RegisterEstimatedVersionAsync();
        var records = await LogPredictionsAsync(days: 2, perDay: 40);
        var truths = Truths(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync(records.Select((r, i) => new LabelRecord(r.Id, truths[i] ? "bad" : "good", null, null, r.At, "t")).ToList());
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, Model));
        cut.WaitForElement("[data-testid=estimated-chart-recall]");

        Assert.Empty(cut.FindAll("[data-testid=estimated-no-labels]"));
        foreach (var metric in EstimatedPerformanceChart.Metrics)
        {
            var realized = Assert.Single(Chart(cut, metric).Data.OfType<Scatter>(), t => t.Name == "v1 realized");
            Assert.Equal(Plotly.Blazor.Traces.ScatterLib.ModeFlag.Markers, realized.Mode);
            Assert.Equal(Buckets(records), realized.Y.Count);
        }

        // The realized precision of the newest day bucket, as BinaryMetrics computes it from these labels.
        var last = records.Max(r => RealizedPerformance.BucketStart(r.At, RealizedPerformance.Day));
        var newest = records.Select((r, i) => (r.At, r.Probability, Truth: truths[i])).Where(r => RealizedPerformance.BucketStart(r.At, RealizedPerformance.Day) == last).ToList();
        var expected = BinaryMetrics.Evaluate(newest.Select(r => r.Truth).ToArray(), newest.Select(r => r.Probability).ToArray(), 0).Metrics.Precision;
        var points = Assert.Single(Chart(cut, "precision").Data.OfType<Scatter>(), t => t.Name == "v1 realized");
        Assert.Equal(expected, (double)points.Y[^1]!, 12);
    }

    [Theory]
    [InlineData(DriftStatuses.Warning)]
    [InlineData(DriftStatuses.Critical)]
    public async Task Render_LatestDriftRunWarningOrCritical_WarningLinksToDriftTab(string status)
    {
        await RegisterEstimatedVersionAsync();
        await LogPredictionsAsync(days: 1, perDay: 30);
        await AddDriftRunAsync(status);
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, Model));

        var warning = cut.WaitForElement("[data-testid=estimated-drift-warning]");
        Assert.Contains($"Estimates assume calibrated scores and no concept drift; drift is {status}, so trust realized labels over the estimate.", warning.TextContent);
        Assert.Contains("mud-alert-text-warning", cut.Find(".mud-alert").ClassName);
        Assert.Equal($"models/{Model}/drift", cut.Find("[data-testid=estimated-drift-link]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_LatestDriftRunOk_NoWarning()
    {
        await RegisterEstimatedVersionAsync();
        await LogPredictionsAsync(days: 1, perDay: 30);
        await AddDriftRunAsync(DriftStatuses.Critical, minutesAgo: 60);
        await AddDriftRunAsync(DriftStatuses.Ok, minutesAgo: 5);
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, Model));

        cut.WaitForElement("[data-testid=estimated-chart-AUC]");
        Assert.Empty(cut.FindAll("[data-testid=estimated-drift-warning]"));
    }

    [Fact]
    public async Task Render_VersionWithoutEstimationReference_SaysSoInsteadOfTheLine()
    {
        // Registered the way versions evaluated before estimation was recorded are: no reference.
        await RegisterVersionAsync(Model, CreditSchema());
        await LogPredictionsAsync(days: 1, perDay: 30);
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, Model));

        var sentence = cut.WaitForElement("[data-testid=estimated-unavailable-1]");
        Assert.Contains("trained before estimation was recorded", sentence.TextContent);
        Assert.Empty(cut.FindAll("[data-testid^=estimated-chart-]"));
        cut.Find("[data-testid=performance-empty]");
    }

    private static Plotly.Blazor.PlotlyChart Chart(IRenderedComponent<ModelPerformanceTab> cut, string metric) =>
        cut.FindComponents<PortalChart>().Select(c => c.Instance).Single(c => c.Layout.YAxis[0].Title.Text == metric);

    /// <summary>A version whose test split gave it an estimation reference: 400 rows of a calibrated synthetic score.</summary>
    private async Task RegisterEstimatedVersionAsync()
    {
        var random = new Random(7);
        var probability = Enumerable.Range(0, 400).Select(_ => random.NextDouble()).ToArray();
        var actual = probability.Select(p => random.NextDouble() < p).ToArray();
        var evaluation = BinaryMetrics.Evaluate(actual, probability, 1600);
        Assert.NotNull(evaluation.Estimation);
        await Services.GetRequiredService<IModelRegistry>().AddVersionAsync(
            new NewModelVersion(Model, "tester", TrainerKind.FastTree, TrainerCatalog.Resolve(TrainerKind.FastTree, null), null, null,
                "Status", "bad", "good", CreditSchema(), evaluation, null),
            (version, _) => Task.FromResult(new StoredArtefact($"{Model}/v{version}.zip", new string('0', 64))));
    }

    /// <summary>Logs <paramref name="perDay"/> predictions in each of the last <paramref name="days"/> days (an hour ago, a day before, ...).</summary>
    private async Task<PredictionRecord[]> LogPredictionsAsync(int days, int perDay)
    {
        var random = new Random(11);
        var now = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, days * perDay).Select(i =>
        {
            var at = now.AddDays(-(i / perDay)).AddMinutes(-1 - i % perDay);
            var p = random.NextDouble();
            return new PredictionRecord(PredictionIds.Next(at), Model, 1, null, "{}", p >= 0.5 ? "bad" : "good", p, 1, at);
        }).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        return records;
    }

    /// <summary>How many day buckets the records fall in (one more than the days when the test runs just after midnight UTC).</summary>
    private static int Buckets(IEnumerable<PredictionRecord> records) =>
        records.Select(r => RealizedPerformance.BucketStart(r.At, RealizedPerformance.Day)).Distinct().Count();

    /// <summary>A fixed truth per record (half of them agree with the prediction), so realized metrics are neither 0 nor 1.</summary>
    private static bool[] Truths(IReadOnlyList<PredictionRecord> records) =>
        records.Select((r, i) => i % 4 == 0 ? r.Probability < 0.5 : r.Probability >= 0.5).ToArray();

    private async Task AddDriftRunAsync(string status, int minutesAgo = 5)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-minutesAgo);
        await Services.GetRequiredService<IDriftRunStore>().AddAsync(new DriftRun(0, Model, 1, at, at.AddHours(-24), at, 250, 400,
            status == DriftStatuses.Ok ? 0.1 : 0.6, status != DriftStatuses.Ok, status, status == DriftStatuses.Ok ? 0.1 : 0.6, DriftTriggers.Manual, new DriftReport([], [])));
    }
}
