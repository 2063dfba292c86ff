using System.Text.Json.Nodes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Plotly.Blazor.Traces;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Core.Serving;
using Portal.Web.Components.Dialogs;
using Portal.Web.Components.Pages.Predict;
using Portal.Web.Components.Shared;

namespace Portal.Tests.Components;

/// <summary>The explanation waterfall on the Predict page and in a logged prediction's dialog.</summary>
public sealed class ExplanationWaterfallTests : PortalComponentContext
{
    /// <summary>Base, the top 10 features, the other 20 of breast_cancer's 30, the prediction; the steps add up to it.</summary>
    private static void AssertWaterfall(Waterfall waterfall, double probability)
    {
        var labels = waterfall.Y.Cast<string>().ToList();
        var steps = waterfall.X.Cast<double>().ToList();
        Assert.Equal(13, labels.Count);
        Assert.Equal("average row", labels[0]);
        Assert.Equal("other 20 features", labels[11]);
        Assert.Equal("prediction", labels[12]);
        Assert.All(labels.Skip(1).Take(10), l => Assert.Contains(" = ", l));
        Assert.Equal(["absolute", .. Enumerable.Repeat("relative", 11), "total"], waterfall.Measure.Cast<string>());
        Assert.Equal(probability, steps[12], 1e-6);
        Assert.Equal(steps[12], steps.Take(12).Sum(), 1e-9);
    }

    [Fact]
    public async Task Predict_ExplainableVersion_ShowsTheWaterfallOfTheAnsweringVersion()
    {
        SignIn(Roles.Viewer);
        var version = await TrainVersionAsync("cancer-explained");
        Services.GetRequiredService<ModelServer>().Track(version);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"predict?model={version.Model}&version={version.Version}");
        var cut = Render<PredictPage>();
        cut.WaitForElement("[data-testid=predict-submit]");

        cut.Find("[data-testid=predict-submit]").Click();

        cut.WaitForElement("[data-testid=explanation-waterfall]");
        var probability = double.Parse(cut.Find("[data-testid=predict-probability]").TextContent, System.Globalization.CultureInfo.InvariantCulture);
        var waterfall = Assert.IsType<Waterfall>(Assert.Single(cut.FindComponent<PortalChart>().Instance.Data));
        AssertWaterfall(waterfall, (double)waterfall.X[12]);
        Assert.Equal(probability, (double)waterfall.X[12], 1e-4);
        Assert.Contains("probability of malignant", cut.FindComponent<PortalChart>().Instance.Layout.XAxis[0].Title.Text);
    }

    [Fact]
    public async Task Predict_VersionWithoutCovers_SaysWhyInsteadOfAChart()
    {
        SignIn(Roles.Viewer);
        var version = await TrainVersionAsync("cancer-unexplained", explained: false);
        Services.GetRequiredService<ModelServer>().Track(version);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo($"predict?model={version.Model}&version={version.Version}");
        var cut = Render<PredictPage>();
        cut.WaitForElement("[data-testid=predict-submit]");

        cut.Find("[data-testid=predict-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("no node covers or feature means are stored", cut.Find("[data-testid=explanation-unavailable]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=predict-label]"));
        Assert.Empty(cut.FindComponents<PortalChart>());
    }

    [Fact]
    public async Task PredictionDialog_LoggedPrediction_ShowsItsWaterfall()
    {
        SignIn(Roles.Viewer);
        var version = await TrainVersionAsync("cancer-logged");
        Services.GetRequiredService<ModelServer>().Track(version);
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).ToArray();
        var names = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        for (var i = 0; i < names.Length; i++)
            if (names[i] != "diagnosis") row[names[i]] = double.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        var record = new PredictionRecord(PredictionIds.Next(at), "cancer-logged", version.Version, "champion", row.ToJsonString(), "malignant", 0.9, 1, at);
        var dialogs = Render<MudDialogProvider>();

        await dialogs.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<PredictionDialog>("Prediction",
            new DialogParameters<PredictionDialog> { { d => d.Item, new LabelledPrediction(record, null) } }));

        dialogs.WaitForAssertion(() => Assert.Contains("explanation-waterfall", dialogs.Markup));
        var waterfall = Assert.IsType<Waterfall>(Assert.Single(dialogs.FindComponent<PortalChart>().Instance.Data));
        AssertWaterfall(waterfall, (double)waterfall.X[12]);
        Assert.InRange((double)waterfall.X[12], 0.5, 1);
    }

    [Fact]
    public void Steps_BooleanAndMissingInputs_ReadAsYesNoAndMissing()
    {
        var explanation = new Portal.Core.Explanations.Explanation("m", 1, -1, 0.5, 0.27, 0.62,
        [
            new("Records", 0.9, 0.2, false),
            new("Owner", 0.4, 0.1, true),
            new("Income", 0.2, 0.04, null),
            new("Home", 0.1, 0.01, "rent"),
        ]);

        var (labels, _) = ExplanationWaterfall.Steps(explanation);

        Assert.Equal(["average row", "Records = no", "Owner = yes", "Income = missing", "Home = rent", "prediction"], labels);
    }
}
