using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Core.Training;
using Portal.Web.Components.Dialogs;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

/// <summary>
/// Sweeps in the UI: the train dialog's "Auto" choice starts a sweep of the four trainers; the runs panel shows a sweep's
/// candidates best first with the chosen one marked, and cancels queued and running runs for data scientists only.
/// </summary>
public sealed class SweepRunsTests : PortalComponentContext
{
    private const string Model = "cancer";

    private TrainingService Training => Services.GetRequiredService<TrainingService>();

    private async Task<TrainingRun> StartAsync(SweepSpec? sweep, IReadOnlyDictionary<string, double>? options = null)
    {
        var dataset = (await ImportSampleAsync("breast_cancer.csv")).Id;
        var request = new TrainingRequest(dataset, "diagnosis", "malignant", TrainerKind.FastTree, 0.2, 1,
            options ?? new Dictionary<string, double> { ["numberOfTrees"] = 5 }, sweep);
        return await Training.StartAsync(Model, request, "tester");
    }

    private static SweepSpec SmallSweep => new(
        [TrainerKind.FastTree, TrainerKind.LogisticRegression],
        new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>
        {
            [TrainerKind.FastTree] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [3, 20] },
            [TrainerKind.LogisticRegression] = new Dictionary<string, IReadOnlyList<double>> { ["l2Regularization"] = [0.01, 50] },
        },
        3);

    [Fact]
    public async Task TrainDialog_Auto_StartsASweepOfTheFourTrainersWithTheFoldsChosen()
    {
        SignIn(Roles.DataScientist);
        await ImportSampleAsync("breast_cancer.csv");
        Render<MudPopoverProvider>();
        var cut = Render<MudDialogProvider>();
        await cut.InvokeAsync(() => TrainDialog.ShowAsync(Services.GetRequiredService<IDialogService>(), "swept"));
        cut.WaitForElement("[data-testid=train-form]");
        Assert.Empty(cut.FindAll("[data-testid=train-sweep]"));

        var trainer = cut.FindComponents<MudSelect<string>>().Single(s => Equals(s.Instance.UserAttributes.GetValueOrDefault("data-testid"), "train-trainer"));
        Assert.Equal(["auto", .. TrainerCatalog.Trainable.Select(t => t.ToString())], trainer.FindComponents<MudSelectItem<string>>().Select(i => i.Instance.Value));
        await cut.InvokeAsync(() => trainer.Instance.ValueChanged.InvokeAsync("auto"));

        // The options of one trainer give way to the folds and what the sweep will do.
        cut.WaitForElement("[data-testid=train-sweep]");
        Assert.Empty(cut.FindAll("[data-testid=train-options]"));
        Assert.Contains("13 candidates", cut.Find("[data-testid=train-sweep-summary]").TextContent);
        await cut.Find("input[data-testid=train-folds]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "3" });
        cut.WaitForAssertion(() => Assert.Contains("3-fold", cut.Find("[data-testid=train-sweep-summary]").TextContent));
        await cut.Find("[data-testid=train-start]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Contains("a sweep of 13 candidates", cut.Find("[data-testid=train-run]").TextContent));
        var run = Assert.Single(await Training.ListRunsAsync("swept"));
        Assert.Equal(TrainerCatalog.Trainable, run.Request.Sweep!.Trainers);
        Assert.Null(run.Request.Sweep.Grid);
        Assert.Equal(3, run.Request.Sweep.Folds);
    }

    [Fact]
    public async Task RunsPanel_SucceededSweep_ShowsCandidatesBestFirstWithTheChosenMarked()
    {
        SignIn(Roles.Viewer);
        var run = await StartAsync(SmallSweep);
        var done = await Training.ExecuteAsync(run.RunId, CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, done.Status);
        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));

        var toggle = cut.WaitForElement("[data-testid=run-sweep-toggle]");
        var chosen = done.Sweep!.ChosenCandidate();
        Assert.Contains($"{chosen.Trainer}, best of 4", toggle.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=sweep-candidates]"));
        await toggle.ClickAsync(new MouseEventArgs());

        var rows = cut.WaitForElements("[data-testid=sweep-candidate]");
        Assert.Equal(4, rows.Count);
        var expected = done.Sweep.Candidates.OrderByDescending(c => c.MeanAuc).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.StartsWith(expected[i].Trainer.ToString(), rows[i].TextContent.Trim());
            Assert.Contains($"{expected[i].MeanAuc:0.000} ± {expected[i].StdAuc:0.000}", rows[i].QuerySelector("[data-testid=sweep-auc]")!.TextContent);
            Assert.Equal(expected[i].Chosen ? "true" : "false", rows[i].GetAttribute("data-chosen"));
        }

        Assert.Equal("true", rows[0].GetAttribute("data-chosen"));
        Assert.Single(cut.FindAll("[data-testid=sweep-chosen]"));
        // Only the option the sweep varied is listed for each trainer.
        Assert.Contains("numberOfTrees", cut.Find("[data-testid=sweep-candidates]").TextContent);
        Assert.DoesNotContain("numberOfLeaves", cut.Find("[data-testid=sweep-candidates]").TextContent);
    }

    [Fact]
    public async Task RunsPanel_QueuedRun_DataScientistCancelsIt_NothingIsTrained()
    {
        SignIn(Roles.DataScientist);
        var run = await StartAsync(null);
        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));

        await cut.WaitForElement("[data-testid=run-cancel]").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Equal("cancelled", cut.Find("[data-testid=run-row]").GetAttribute("data-status")));
        Assert.Contains("Cancelled by tester", cut.Find("[data-testid=run-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=run-cancel]"));
        // The worker, when it comes to the run, passes over it.
        Assert.Equal(RunStatus.Cancelled, (await Training.ExecuteAsync(run.RunId, CancellationToken.None)).Status);
        Assert.Empty(await Services.GetRequiredService<IModelRegistry>().ListModelsAsync());
    }

    [Fact]
    public async Task RunsPanel_RunningSweep_CancelStopsItAndRegistersNothing()
    {
        SignIn(Roles.DataScientist);
        // Long enough to be cancelled mid-way: 5 folds of 2000 trees.
        var slow = new SweepSpec([TrainerKind.FastTree],
            new Dictionary<TrainerKind, IReadOnlyDictionary<string, IReadOnlyList<double>>>
            {
                [TrainerKind.FastTree] = new Dictionary<string, IReadOnlyList<double>> { ["numberOfTrees"] = [2000] },
            });
        var run = await StartAsync(slow);
        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));
        var training = Task.Run(() => Training.ExecuteAsync(run.RunId, CancellationToken.None));

        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-testid=run-row]").GetAttribute("data-status")), TimeSpan.FromSeconds(30));
        await cut.Find("[data-testid=run-cancel]").ClickAsync(new MouseEventArgs());

        var ended = await training.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(RunStatus.Cancelled, ended.Status);
        cut.WaitForAssertion(() => Assert.Equal("cancelled", cut.Find("[data-testid=run-row]").GetAttribute("data-status")));
        Assert.Empty(await Services.GetRequiredService<IModelRegistry>().ListModelsAsync());
        var models = Path.Combine(Root, "models");
        Assert.Empty(Directory.Exists(models) ? Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task RunsPanel_Viewer_SeesNoCancelButton()
    {
        SignIn(Roles.Viewer);
        await StartAsync(null);

        var cut = Render<TrainingRunsPanel>(p => p.Add(x => x.Model, Model));

        cut.WaitForElement("[data-testid=run-row]");
        Assert.Empty(cut.FindAll("[data-testid=run-cancel]"));
    }
}
