using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Drift;
using Portal.Core.Performance;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Serving;
using Portal.Web.Components.Pages.Dashboard;

namespace Portal.Tests.Components;

public sealed class DashboardPageTests : PortalComponentContext
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);

    public DashboardPageTests()
    {
        // Staleness follows the injected clock (registered last, so it wins over the system clock).
        Services.AddSingleton<TimeProvider>(_clock);
    }

    private async Task<int> ServeTrainedAsync(string model)
    {
        var trained = await TrainVersionAsync(model);
        var outcome = await Services.GetRequiredService<PromotionService>().PromoteAsync(model, trained.Version, ModelAliases.Champion, new Actor("tester"), "serve");
        Assert.True(outcome.Succeeded, outcome.Message);
        return trained.Version;
    }

    private static string HealthOf(IRenderedComponent<DashboardPage> cut, string model) =>
        cut.WaitForElement($"[data-testid=model-card-{model}] [data-testid=card-health]").GetAttribute("data-health")!;

    [Fact]
    public async Task Render_ServingModel_OkWithNoLabelsYetAndNoDriftRun()
    {
        SignIn(Roles.Viewer);
        await ServeTrainedAsync("cancer");

        var cut = Render<DashboardPage>();

        Assert.Equal(ModelHealth.Ok, HealthOf(cut, "cancer"));
        var card = cut.Find("[data-testid=model-card-cancer]");
        Assert.Equal("no labels yet", card.QuerySelector("[data-testid=card-realized-auc]")!.TextContent.Trim());
        Assert.Equal("no drift run yet", card.QuerySelector("[data-testid=card-drift]")!.TextContent.Trim());
        // The same verdict as the API's.
        Assert.Equal(Services.GetRequiredService<ModelStatusReader>().Read("cancer").Health, HealthOf(cut, "cancer"));
    }

    [Fact]
    public async Task Render_HighDriftScore_WarningHighDriftWithTheScore()
    {
        SignIn(Roles.Viewer);
        var version = await ServeTrainedAsync("cancer");
        Services.GetRequiredService<DriftScoreBoard>().Publish("cancer", version, 4.256);

        var cut = Render<DashboardPage>();

        Assert.Equal(ModelHealth.WarningHighDrift, HealthOf(cut, "cancer"));
        Assert.Equal("4.26 σ", cut.Find("[data-testid=model-card-cancer] [data-testid=card-drift]").TextContent.Trim());
        Assert.Contains("above the threshold", cut.Find("[data-testid=model-card-cancer] [data-testid=card-health]").GetAttribute("title"));
    }

    [Fact]
    public async Task Render_OldChampion_WarningStale()
    {
        SignIn(Roles.Viewer);
        await ServeTrainedAsync("cancer");
        _clock.Advance(TimeSpan.FromHours(72));

        var cut = Render<DashboardPage>();

        Assert.Equal(ModelHealth.WarningStale, HealthOf(cut, "cancer"));
    }

    [Fact]
    public async Task Render_LabelledPredictions_RealizedAuc()
    {
        SignIn(Roles.Viewer);
        var version = await ServeTrainedAsync("cancer");
        var at = _clock.GetUtcNow().AddHours(-1);
        var records = new[] { 0.9, 0.2, 0.7, 0.4 }.Select(p => new PredictionRecord(PredictionIds.Next(at), "cancer", version, null, "{}", "x", p, 1, at)).ToArray();
        await Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        var positive = (await Services.GetRequiredService<IModelRegistry>().GetVersionAsync("cancer", version))!.PositiveClass;
        var truths = new[] { positive, "other", "other", positive };
        await Services.GetRequiredService<Portal.Core.Predictions.ILabelStore>().UpsertAsync(records.Select((r, i) => new Portal.Core.Predictions.LabelRecord(r.Id, truths[i], null, null, at, "t")).ToList());

        var cut = Render<DashboardPage>();

        // y = [1, 0, 0, 1], p = [0.9, 0.2, 0.7, 0.4]: roc_auc_score = 0.75.
        cut.WaitForAssertion(() => Assert.Equal("0.750", cut.Find("[data-testid=model-card-cancer] [data-testid=card-realized-auc]").TextContent.Trim()));
    }

    [Fact]
    public async Task Render_Again_Within30Seconds_ShowsTheCachedCountAsOfItsTime_UntilItAgesOrLabelsArrive()
    {
        SignIn(Roles.Viewer);
        var version = await ServeTrainedAsync("cancer");
        var store = Services.GetRequiredService<IPredictionStore>();
        async Task<PredictionRecord[]> LogAsync(params double[] probabilities)
        {
            var at = _clock.GetUtcNow().AddMinutes(-5);
            var records = probabilities.Select(p => new PredictionRecord(PredictionIds.Next(at), "cancer", version, null, "{}", "x", p, 1, at)).ToArray();
            await store.AddBatchAsync(records);
            return records;
        }

        var first = await LogAsync(0.9, 0.2);
        var loadedAt = _clock.GetUtcNow();
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal("2", cut.Find("[data-testid=model-card-cancer] [data-testid=card-predictions]").TextContent.Trim()));
        Assert.Contains($"as of {loadedAt:HH:mm:ss} UTC", cut.Find("[data-testid=model-card-cancer] [data-testid=card-as-of]").TextContent);

        // 20 s later, two more predictions: the card still shows what it read, and says when.
        var second = await LogAsync(0.7, 0.4);
        _clock.Advance(TimeSpan.FromSeconds(20));
        var again = Render<DashboardPage>();
        again.WaitForAssertion(() => Assert.Equal("2", again.Find("[data-testid=model-card-cancer] [data-testid=card-predictions]").TextContent.Trim()));
        Assert.Contains($"as of {loadedAt:HH:mm:ss} UTC", again.Find("[data-testid=model-card-cancer] [data-testid=card-as-of]").TextContent);

        // Labels arrive: read again at once, with the realized AUC they give.
        var info = (await Services.GetRequiredService<IModelRegistry>().GetVersionAsync("cancer", version))!;
        var (positive, negative) = (info.PositiveClass, info.NegativeClass);
        var csv = string.Join("\n", first.Concat(second).Zip([positive, negative, negative, positive], (r, y) => $"{r.Id},{y}"));
        var report = await Services.GetRequiredService<LabelIngestion>().IngestCsvAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"prediction_id,true_label\n{csv}\n")), "tester");
        Assert.Equal(4, report.Accepted);
        var labelled = Render<DashboardPage>();
        labelled.WaitForAssertion(() => Assert.Equal("4", labelled.Find("[data-testid=model-card-cancer] [data-testid=card-predictions]").TextContent.Trim()));
        // y = [1, 0, 0, 1], p = [0.9, 0.2, 0.7, 0.4]: roc_auc_score = 0.75.
        Assert.Equal("0.750", labelled.Find("[data-testid=model-card-cancer] [data-testid=card-realized-auc]").TextContent.Trim());

        // Older than 30 s: read again.
        await LogAsync(0.5);
        _clock.Advance(TimeSpan.FromSeconds(31));
        var aged = Render<DashboardPage>();
        aged.WaitForAssertion(() => Assert.Equal("5", aged.Find("[data-testid=model-card-cancer] [data-testid=card-predictions]").TextContent.Trim()));
    }

    [Fact]
    public async Task Render_AfterAPromotion_ReadsTheNewChampionsActivityAtOnce()
    {
        SignIn(Roles.Viewer);
        await ServeTrainedAsync("cancer");
        var first = Render<DashboardPage>();
        first.WaitForAssertion(() => Assert.Equal("v1", first.Find("[data-testid=model-card-cancer] [data-testid=card-champion]").TextContent.Trim()));
        var activity = Services.GetRequiredService<ModelActivityCache>();
        Assert.Equal(1, (await activity.GetAsync("cancer", 1)).ChampionVersion);

        var v2 = await ServeTrainedAsync("cancer");

        var read = await activity.GetAsync("cancer", v2);
        Assert.Equal(v2, read.ChampionVersion);
        var cut = Render<DashboardPage>();
        cut.WaitForAssertion(() => Assert.Equal($"v{v2}", cut.Find("[data-testid=model-card-cancer] [data-testid=card-champion]").TextContent.Trim()));
    }

    [Fact]
    public void Render_NoModelsAsDataScientist_ShowsEmptyStateWithTrainButton()
    {
        SignIn(Roles.DataScientist);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=dashboard-empty]");
        Assert.NotEmpty(cut.FindAll("[data-testid=empty-train-button]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public void Render_NoModelsAsViewer_ShowsEmptyStateWithoutTrainButtons()
    {
        SignIn(Roles.Viewer);

        var cut = Render<DashboardPage>();

        cut.WaitForElement("[data-testid=dashboard-empty]");
        Assert.Empty(cut.FindAll("[data-testid=empty-train-button]"));
        Assert.Empty(cut.FindAll("[data-testid=train-button]"));
    }

    [Fact]
    public async Task Render_OneModel_ShowsItsCardWithALink()
    {
        SignIn(Roles.Viewer);
        await RegisterVersionAsync("credit-risk", CreditSchema(), auc: 0.8649);

        var cut = Render<DashboardPage>();

        var card = cut.WaitForElement("[data-testid=model-card-credit-risk]");
        Assert.Equal("—", card.QuerySelector("[data-testid=card-champion]")!.TextContent.Trim());
        Assert.Equal(ModelHealth.NoModel, card.QuerySelector("[data-testid=card-health]")!.GetAttribute("data-health"));
        Assert.Equal("0", card.QuerySelector("[data-testid=card-predictions]")!.TextContent.Trim());
        Assert.EndsWith("models/credit-risk", card.QuerySelector("[data-testid=card-open]")!.GetAttribute("href"));
    }
}
