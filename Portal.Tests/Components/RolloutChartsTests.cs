using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Plotly.Blazor.Traces;
using Portal.Core.Auth;
using Portal.Core.Rollouts;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>The Rollouts tab's charts over time: the empty state under two looks, and the series each kind draws.</summary>
public sealed class RolloutChartsTests : PortalComponentContext
{
    private const string Model = "credit-charts";
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-2);

    private static Rollout NewRollout(RolloutKind kind, IReadOnlyList<int>? steps = null) =>
        new(Guid.CreateVersion7(Start), Model, 1, new RolloutPlan(kind, 2, steps).WithDefaults(), RolloutState.Running, 0, Start, Start, null, null, "alice");

    /// <summary><paramref name="count"/> looks a minute apart; the canary moves a step every third look.</summary>
    private static List<RolloutLook> Looks(Rollout rollout, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var step = rollout.Kind == RolloutKind.Canary ? Math.Min(i / 3, rollout.Plan.StepCount - 1) : 0;
            return new RolloutLook(rollout.Id, Start.AddMinutes(i + 1), RolloutState.Running, step, rollout.Plan.CandidateBasisPointsAt(step),
                new RolloutLookArm(1, 100 * (i + 1), null, 0.3, 40 * i, i == 0 ? null : 0.9, null, 2),
                new RolloutLookArm(2, 20 * (i + 1), 0, 0.35, 8 * i, i == 0 ? null : 0.8, null, 3),
                rollout.Kind == RolloutKind.Shadow || i == 0 ? null : Math.Pow(0.5, i), rollout.Kind == RolloutKind.Shadow ? RolloutDefaults.PairedAlpha : RolloutDefaults.SequentialAlpha,
                rollout.Kind == RolloutKind.Shadow ? 0.05 : null, rollout.Kind == RolloutKind.Shadow && i > 0 ? 0.5 / i : null);
        }).ToList();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FewerThanTwoLooks_SaysWhenTheChartsStart(int count)
    {
        var rollout = NewRollout(RolloutKind.Ab);

        var cut = Render<RolloutCharts>(p => p.Add(x => x.Rollout, rollout).Add(x => x.Looks, Looks(rollout, count)));

        Assert.Contains("after the decision loop's second look", cut.Find("[data-testid=rollout-charts-empty]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=rollout-evidence-chart]"));
        Assert.Empty(cut.FindComponents<Plotly.Blazor.PlotlyChart>());
    }

    [Theory]
    [InlineData(RolloutKind.Canary, 4, 4)]
    [InlineData(RolloutKind.Ab, 4, 4)]
    [InlineData(RolloutKind.Shadow, 4, 5)]
    public void TwoLooksOrMore_DrawEvidenceAndTestSeriesPerKind(RolloutKind kind, int evidenceSeries, int testSeries)
    {
        var rollout = NewRollout(kind, kind == RolloutKind.Canary ? [10, 50, 100] : null);

        var cut = Render<RolloutCharts>(p => p.Add(x => x.Rollout, rollout).Add(x => x.Looks, Looks(rollout, 8)));

        Assert.Equal(evidenceSeries.ToString(), cut.Find("[data-testid=rollout-evidence-chart]").GetAttribute("data-series"));
        Assert.Equal(testSeries.ToString(), cut.Find("[data-testid=rollout-test-chart]").GetAttribute("data-series"));
        var charts = cut.FindComponents<Plotly.Blazor.PlotlyChart>().Select(c => c.Instance).ToList();
        Assert.Equal(2, charts.Count);
        var test = charts[1];
        // The test's p-value on a log axis, alpha as the boundary, the current point last with a p-value.
        Assert.Equal(Plotly.Blazor.LayoutLib.YAxisLib.TypeEnum.Log, test.Layout.YAxis[0].Type);
        var boundary = test.Data.OfType<Scatter>().Single(t => t.Name!.StartsWith("alpha", StringComparison.Ordinal));
        var alpha = kind == RolloutKind.Shadow ? RolloutDefaults.PairedAlpha : RolloutDefaults.SequentialAlpha;
        Assert.All(boundary.Y, y => Assert.Equal(alpha, (double)y));
        Assert.Equal(Plotly.Blazor.Traces.ScatterLib.FillEnum.ToNextY, boundary.Fill);
        Assert.Contains("differ", test.Layout.Annotations.Single().Text, StringComparison.Ordinal);
        var now = test.Data.OfType<Scatter>().Single(t => t.Name!.StartsWith("now", StringComparison.Ordinal));
        Assert.Equal(kind == RolloutKind.Shadow ? 0.5 / 7 : Math.Pow(0.5, 7), (double)now.Y.Single(), 12);
        // A canary's step changes are marked where its share moved (looks 4 and 7: to 50% and 100%).
        var evidence = charts[0];
        if (kind == RolloutKind.Canary)
            Assert.Equal(["50%", "100%"], evidence.Layout.Annotations.Select(a => a.Text));
        else
            Assert.Null(evidence.Layout.Shapes);
    }

    [Fact]
    public async Task Tab_ActiveRolloutWithStoredLooks_ShowsTheCharts()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync(Model, CreditSchema());
        await RegisterVersionAsync(Model, CreditSchema());
        var rollout = NewRollout(RolloutKind.Ab);
        await Services.GetRequiredService<IRolloutStore>().CreateAsync(rollout, new RolloutDecision(Start, RolloutAction.Started, "A/B of v2 started", "alice", 0));
        var store = Services.GetRequiredService<IRolloutLookStore>();
        foreach (var look in Looks(rollout, 3)) await store.AppendAsync(look);

        var cut = Render<ModelRolloutsTab>(p => p.Add(x => x.Model, Model).Add(x => x.Champion, 1));

        cut.WaitForAssertion(() => Assert.Equal("4", cut.Find("[data-testid=rollout-test-chart]").GetAttribute("data-series")));
        Assert.Equal(3, cut.FindComponent<RolloutCharts>().Instance.Looks.Count);
    }
}
