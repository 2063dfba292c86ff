using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Retraining;

namespace Portal.Tests.Api;

/// <summary>A pipeline left running by a process that stopped ends failed at the next start, never resumed.</summary>
public sealed class RetrainingRestartTests
{
    [Fact]
    public async Task Restart_RunningPipeline_EndsFailedInterruptedByARestart()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        var id = Guid.CreateVersion7();
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var viewer = await first.ClientForAsync(Roles.Viewer);
            var now = DateTimeOffset.UtcNow;
            await first.Services.GetRequiredService<IRetrainingStore>().AddPipelineAsync(new RetrainPipeline(id, "rs-model", RetrainNames.Schedule,
                new RetrainEvidence(Cron: "0 3 * * *", DueAt: now), RetrainNames.Running, null, now, null, RetrainNames.SystemActor, RetrainPolicy.Default,
                [new RetrainStep(RetrainNames.StepTrigger, now, RetrainNames.Passed, "due"), new RetrainStep(RetrainNames.StepTraining, now, RetrainNames.Started, "queued")]));
            var before = await (await viewer.GetAsync($"/api/retraining/pipelines/{id}")).JsonAsync();
            Assert.Equal("running", before.GetProperty("status").GetString());
        }

        using var second = new PortalFactory { Root = root };
        using var again = await second.ClientForAsync(Roles.Viewer);
        var after = await (await again.GetAsync($"/api/retraining/pipelines/{id}")).JsonAsync();

        Assert.Equal("failed", after.GetProperty("status").GetString());
        Assert.Equal("Interrupted by a restart.", after.GetProperty("reason").GetString());
        var last = after.GetProperty("steps").EnumerateArray().Last();
        Assert.Equal("training", last.GetProperty("step").GetString());
        Assert.Equal("failed", last.GetProperty("outcome").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, after.GetProperty("finishedAt").ValueKind);
    }
}
