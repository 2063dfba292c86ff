using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>/ops/model-status's drift_score is the serving champion's own latest score, kept across restarts.</summary>
public sealed class DriftScorePerVersionTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    private static async Task<double> RunAsync(HttpClient client, string model, int version)
    {
        var response = await client.PostAsync($"/api/models/{model}/drift/run?version={version}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("driftScore").GetDouble();
    }

    private static async Task<JsonElement> DriftScoreAsync(HttpClient client, string model) =>
        (await (await client.GetAsync($"/ops/model-status?model={model}")).JsonAsync()).GetProperty("drift_score");

    [Fact]
    public async Task DriftRun_OnANonChampion_LeavesTheChampionsScore()
    {
        const string model = "dscore-other";
        var v1 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        var v2 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, v1);
        await DriftWindows.LogAsync(fx.Factory.Services, model, v1, DriftWindows.Rows());
        await DriftWindows.LogAsync(fx.Factory.Services, model, v2, DriftWindows.ShiftedRows());
        var championScore = await RunAsync(fx.Scientist, model, v1);

        var otherScore = await RunAsync(fx.Scientist, model, v2);

        Assert.NotEqual(championScore, otherScore);
        Assert.Equal(championScore, (await DriftScoreAsync(fx.Admin, model)).GetDouble());
    }

    [Fact]
    public async Task Promote_AChampionWithoutRuns_ShowsNoDriftScore()
    {
        const string model = "dscore-new";
        var v1 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        var v2 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        await fx.PromoteAsync(model, v1);
        await DriftWindows.LogAsync(fx.Factory.Services, model, v1, DriftWindows.ShiftedRows());
        Assert.Equal(await RunAsync(fx.Scientist, model, v1), (await DriftScoreAsync(fx.Admin, model)).GetDouble());

        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v2)).StatusCode);

        Assert.Equal(JsonValueKind.Null, (await DriftScoreAsync(fx.Admin, model)).ValueKind);
    }

    [Fact]
    public async Task Restart_KeepsTheChampionsDriftScore()
    {
        const string model = "dscore-restart";
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        double score;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var admin = await first.ClientForAsync(Roles.Admin);
            var dataset = await admin.UploadSampleAsync("breast_cancer.csv");
            var train = await admin.PostAsJsonAsync($"/api/models/{model}/train",
                new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree", options = LifecycleFixture.Weak });
            Assert.Equal(HttpStatusCode.Accepted, train.StatusCode);
            var run = await first.WaitForRunAsync((await train.JsonAsync()).GetProperty("runId").GetGuid());
            Assert.True(run.Version is not null, run.Error);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/models/{model}/versions/{run.Version}/promote", new { reason = "test" })).StatusCode);
            await DriftWindows.LogAsync(first.Services, model, run.Version!.Value, DriftWindows.ShiftedRows());
            score = await RunAsync(admin, model, run.Version!.Value);
        }

        using var second = new PortalFactory { Root = root };
        using var again = await second.ClientForAsync(Roles.Admin);

        Assert.Equal(score, (await DriftScoreAsync(again, model)).GetDouble());
    }
}
