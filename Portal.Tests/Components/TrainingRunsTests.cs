using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Training;
using Portal.Web.Components.Layout;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>Runs kept training in the background: the runs list follows them and the layout tells their starter when they end.</summary>
public sealed class TrainingRunsTests : PortalComponentContext
{
    private const string Model = "cancer";

    private TrainingService Training => Services.GetRequiredService<TrainingService>();

    private int? _datasetId;

    private async Task<TrainingRun> StartAsync(string user = "tester", string model = Model)
    {
        _datasetId ??= (await ImportSampleAsync("breast_cancer.csv")).Id;
        var request = new TrainingRequest(_datasetId.Value, "diagnosis", "malignant", TrainerKind.FastTree, 0.2, 1, new Dictionary<string, double> { ["numberOfTrees"] = 5 });
        return await Training.StartAsync(model, request, user);
    }

    /// <summary>Makes storing this model's artefacts fail (a file where its folder goes), so that its next run fails after training.</summary>
    private void BlockArtefacts()
    {
        Directory.CreateDirectory(Path.Combine(Root, "models"));
        File.WriteAllText(Path.Combine(Root, "models", Model), "not a folder");
    }

    [Fact]
    public async Task RunsPanel_RunQueuedThenSucceeds_ShowsItQueuedThenWithItsVersion()
    {
        SignIn(Roles.DataScientist);
        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));
        Assert.Empty(cut.FindAll("[data-testid=runs-list]"));

        var run = await StartAsync();

        // No reload: the panel hears of the run when it is queued.
        cut.WaitForAssertion(() => Assert.Equal("queued", cut.Find("[data-testid=run-row]").GetAttribute("data-status")));
        await Training.ExecuteAsync(run.RunId, CancellationToken.None);
        cut.WaitForAssertion(() => Assert.Equal("succeeded", cut.Find("[data-testid=run-row]").GetAttribute("data-status")));
        var link = cut.Find("[data-testid=run-version]");
        Assert.Equal($"models/{Model}/versions/1", link.GetAttribute("href"));
        Assert.Contains($"{Model} v1", link.TextContent);
    }

    [Fact]
    public async Task RunsPanel_RunFails_ShowsTheReason()
    {
        SignIn(Roles.DataScientist);
        var run = await StartAsync();
        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));
        BlockArtefacts();

        var failed = await Training.ExecuteAsync(run.RunId, CancellationToken.None);

        Assert.Equal(RunStatus.Failed, failed.Status);
        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=run-row]").GetAttribute("data-status")));
        Assert.Equal(failed.Error, cut.Find("[data-testid=run-error]").TextContent.Trim());
    }

    [Fact]
    public async Task RunsPanel_AllModels_ListsRunsWithTheirModel()
    {
        SignIn(Roles.Viewer);
        await StartAsync();

        var cut = Render<TrainingRunsPanel>();

        var row = cut.WaitForElement("[data-testid=run-row]");
        Assert.Contains(Model, row.TextContent);
    }

    [Fact]
    public async Task RunNotifier_OwnRunEnds_ShowsASnackbarWithTheVersion()
    {
        SignIn(Roles.DataScientist, "tester");
        var provider = Render<MudSnackbarProvider>();
        Render<RunNotifier>();
        var run = await StartAsync("tester");

        await Training.ExecuteAsync(run.RunId, CancellationToken.None);

        provider.WaitForAssertion(() => Assert.Contains($"Training finished: {Model} v1 is registered", provider.Markup));
    }

    [Fact]
    public async Task RunNotifier_SomeoneElsesRunEnds_ShowsNothing()
    {
        SignIn(Roles.DataScientist, "tester");
        var provider = Render<MudSnackbarProvider>();
        Render<RunNotifier>();
        var other = await StartAsync("someone-else", "other-model");
        var mine = await StartAsync("tester");
        BlockArtefacts();

        await Training.ExecuteAsync(other.RunId, CancellationToken.None);
        await Training.ExecuteAsync(mine.RunId, CancellationToken.None);

        // The failure of the user's own run shows; the other user's success does not.
        provider.WaitForAssertion(() => Assert.Contains($"Training {Model} failed", provider.Markup));
        Assert.DoesNotContain("other-model", provider.Markup);
    }
}
