using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelPerformanceTabTests : PortalComponentContext
{
    [Fact]
    public async Task Render_LabelledPredictions_RealizedAucChartAndTable()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        var now = DateTimeOffset.UtcNow;
        var probabilities = new[] { 0.9, 0.2, 0.7, 0.4 };
        var labels = new[] { "bad", "good", "good", "bad" };
        var records = probabilities.Select((p, i) => new PredictionRecord(PredictionIds.Next(now.AddHours(-1 - i)), "credit", 1, null, "{}", p >= 0.5 ? "bad" : "good", p, 1, now.AddHours(-1 - i))).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        await Services.GetRequiredService<ILabelStore>().UpsertAsync(records.Select((r, i) => new LabelRecord(r.Id, labels[i], null, null, now, "t")).ToList());
        SignIn(Roles.Viewer, "viewer");

        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));

        // y = [1, 0, 0, 1], p = [0.9, 0.2, 0.7, 0.4]: roc_auc_score = 0.75.
        cut.WaitForAssertion(() => Assert.Equal("0.750", cut.Find("[data-testid=realized-auc-1]").TextContent.Trim()));
        cut.Find("[data-testid=performance-chart]");
        Assert.Contains("100%", cut.Find("[data-testid=performance-table]").TextContent);
    }

    [Fact]
    public async Task Render_NoLabels_EmptyState()
    {
        await RegisterVersionAsync("credit", CreditSchema());
        SignIn(Roles.Viewer, "viewer");
        var cut = Render<ModelPerformanceTab>(p => p.Add(t => t.Model, "credit"));
        cut.WaitForElement("[data-testid=performance-empty]");
    }
}
