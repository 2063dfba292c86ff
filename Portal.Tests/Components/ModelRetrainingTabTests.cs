using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Gates;
using Portal.Core.Retraining;
using Portal.Web.Components.Pages.Models;

namespace Portal.Tests.Components;

public sealed class ModelRetrainingTabTests : PortalComponentContext
{
    private const string Model = "credit-retrain";

    private IRenderedComponent<ModelRetrainingTab> RenderTab() => Render<ModelRetrainingTab>(p => p.Add(x => x.Model, Model));

    /// <summary>Stores a pipeline that a gate rejected: v2 trained from outcomes, its AUC below the minimum.</summary>
    private async Task<RetrainPipeline> StoreRejectedAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var gates = new List<GateResult> { new(GateNames.MinAuc, false, 0.81, 0.99, 0.84, "AUC 0.810 is below the minimum 0.990.") };
        var pipeline = new RetrainPipeline(Guid.CreateVersion7(now), Model, RetrainNames.Labels, new RetrainEvidence(LabelCount: 120, Threshold: 100), RetrainNames.Rejected, null,
            now.AddMinutes(-3), now, RetrainNames.SystemActor, RetrainPolicy.Default,
            [
                new RetrainStep(RetrainNames.StepTrigger, now.AddMinutes(-3), RetrainNames.Passed, "120 new labels since the last retrain (the policy asks for 100)."),
                new RetrainStep(RetrainNames.StepData, now.AddMinutes(-3), RetrainNames.Passed, "120 labelled predictions from the window."),
                new RetrainStep(RetrainNames.StepTraining, now.AddMinutes(-1), RetrainNames.Passed, "Run registered v2."),
                new RetrainStep(RetrainNames.StepCandidate, now, RetrainNames.Passed, "v2: test AUC 0.810."),
                new RetrainStep(RetrainNames.StepGates, now, RetrainNames.Rejected, "1 gate(s) failed: AUC 0.810 is below the minimum 0.990.", gates),
            ],
            Guid.CreateVersion7(now), 2, null,
            new RetrainLineage([new LineageDataset(7, "credit-retrain outcomes 2026-12-04 03:00 to 2026-12-05 03:00", new string('a', 64), 120, "training")], 7,
                new OutcomesWindow(now.AddHours(-24), now, 120)),
            "1 gate(s) failed: AUC 0.810 is below the minimum 0.990.");
        await Services.GetRequiredService<IRetrainingStore>().AddPipelineAsync(pipeline);
        return pipeline;
    }

    [Fact]
    public void Empty_Viewer_ReadsTheDefaultPolicyAndHasNoButtons()
    {
        SignIn(Roles.Viewer);

        var cut = RenderTab();

        cut.WaitForAssertion(() => Assert.Contains("No retrain yet", cut.Find("[data-testid=retrain-empty]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=retrain-no-policy]"));
        Assert.Empty(cut.FindAll("[data-testid=retrain-save]"));
        Assert.Empty(cut.FindAll("[data-testid=retrain-now]"));
        Assert.True(cut.Find("input[data-testid=retrain-enabled]").HasAttribute("disabled"));
    }

    [Fact]
    public void DataScientist_MayRetrainButNotEditThePolicy()
    {
        SignIn(Roles.DataScientist);

        var cut = RenderTab();

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=retrain-now]")));
        Assert.Empty(cut.FindAll("[data-testid=retrain-save]"));
    }

    [Fact]
    public async Task Admin_SavesANightlyChallengerPolicy()
    {
        SignIn(Roles.Admin, "alice");
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderTab();
        cut.WaitForElement("[data-testid=retrain-save]");

        cut.Find("input[data-testid=retrain-enabled]").Change(true);
        cut.Find("input[data-testid=retrain-schedule]").Change(true);
        cut.Find("input[data-testid=retrain-cron]").Change("0 3 * * *");
        cut.Find("[data-testid=retrain-save]").Click();

        var saved = await Services.GetRequiredService<RetrainingService>().GetPolicyAsync(Model);
        Assert.NotNull(saved);
        Assert.True(saved.Policy.Enabled);
        Assert.Equal("0 3 * * *", saved.Policy.Triggers!.Schedule!.Cron);
        Assert.Equal("alice", saved.UpdatedBy);
        cut.WaitForAssertion(() => Assert.Contains("Set by alice", cut.Find("[data-testid=retrain-policy]").TextContent));
    }

    [Fact]
    public async Task Admin_BadCron_NamesTheFieldAndStoresNothing()
    {
        SignIn(Roles.Admin);
        await RegisterVersionAsync(Model, CreditSchema());
        var cut = RenderTab();
        cut.WaitForElement("[data-testid=retrain-save]");

        cut.Find("input[data-testid=retrain-schedule]").Change(true);
        cut.Find("input[data-testid=retrain-cron]").Change("every night");
        cut.Find("[data-testid=retrain-save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("triggers.schedule.cron", cut.Find("[data-testid=retrain-save-error]").TextContent));
        Assert.Contains("'every night' is not a cron expression", cut.Find("[data-testid=retrain-policy]").TextContent);
        Assert.Null(await Services.GetRequiredService<RetrainingService>().GetPolicyAsync(Model));
    }

    [Fact]
    public async Task RejectedPipeline_RowOpensToItsStepsGateEvidenceAndLineage()
    {
        SignIn(Roles.Viewer);
        var pipeline = await StoreRejectedAsync();

        var cut = RenderTab();

        var row = cut.WaitForElement("[data-testid=retrain-pipeline]");
        Assert.Equal("rejected", row.GetAttribute("data-status"));
        Assert.Contains("minimum 0.990", row.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=retrain-steps]"));

        cut.Find("[data-testid=retrain-toggle]").Click();

        Assert.Equal(["trigger", "data", "training", "candidate", "gates"], cut.FindAll("[data-testid=retrain-step]").Select(s => s.GetAttribute("data-step")));
        Assert.Equal("rejected", cut.FindAll("[data-testid=retrain-step]").Last().GetAttribute("data-outcome"));
        var gate = cut.Find("[data-testid=retrain-gates] [data-testid=gate-row-minAuc]");
        Assert.Equal("false", gate.GetAttribute("data-passed"));
        var lineage = cut.Find("[data-testid=retrain-lineage]").TextContent;
        Assert.Contains("id 7", lineage);
        Assert.Contains("120 rows", lineage);
        Assert.Contains("aaaaaaaaaaaa", lineage);
        Assert.Contains("120 labelled rows", cut.Find("[data-testid=retrain-outcomes-window]").TextContent);
        Assert.Equal($"models/{Model}/versions/2", cut.Find("[data-testid=retrain-version]").GetAttribute("href"));
        Assert.Equal(pipeline.Id.ToString(), row.GetAttribute("data-id"));
    }
}
