using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Training;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>
/// The run queue and DELETE /api/runs/{id}: runs are trained one at a time by default, a queued run is cancelled without
/// training, a running sweep stops through its token, and neither registers a version nor leaves an artefact.
/// </summary>
public sealed class TrainingQueueApiTests
{
    /// <summary>A sweep of 5 x 2000-tree fits on credit_data: seconds of work, so it is still running when cancelled.</summary>
    private static object LongSweep(int datasetId) => new
    {
        datasetId, label = "Status", positiveClass = "bad", trainers = new[] { "FastTree" },
        grid = new { FastTree = new { numberOfTrees = new[] { 2000 } } },
    };

    [Fact]
    public async Task Cancel_QueuedAndRunning_OneRunAtATime_NothingRegistered()
    {
        using var factory = new PortalFactory();
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        using var viewer = await factory.ClientForAsync(Roles.Viewer);
        var credit = await scientist.UploadSampleAsync("credit_data.csv");
        var cancer = await scientist.UploadSampleAsync("breast_cancer.csv");

        var first = await StartAsync(scientist, "long", LongSweep(credit));
        var second = await StartAsync(scientist, "behind", new { datasetId = cancer, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
        await Eventually.TrueAsync(async () => await StatusAsync(viewer, first) == "running", TimeSpan.FromSeconds(60), "the first run to start");

        // MaxConcurrentRuns = 1 (the default): the second run waits while the first trains.
        Assert.Equal("queued", await StatusAsync(viewer, second));
        // Each run keeps the rows its request was checked with (one spill file each) until it ends.
        Assert.Equal(2, SpillFiles(factory.Root).Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/runs/{second}")).StatusCode);

        var cancelQueued = await scientist.DeleteAsync($"/api/runs/{second}");
        Assert.Equal(HttpStatusCode.OK, cancelQueued.StatusCode);
        Assert.Equal("cancelled", (await cancelQueued.JsonAsync()).GetProperty("status").GetString());
        Assert.Single(SpillFiles(factory.Root));

        var cancelRunning = await scientist.DeleteAsync($"/api/runs/{first}");
        Assert.Equal(HttpStatusCode.Accepted, cancelRunning.StatusCode);
        Assert.Equal($"/api/runs/{first}", cancelRunning.Headers.Location?.ToString());
        var ended = await factory.WaitForRunAsync(first);
        Assert.Equal(RunStatus.Cancelled, ended.Status);
        Assert.Null(ended.Version);
        // Deleted as the run's execution returns, just after its status is stored.
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles(factory.Root).Count == 0), TimeSpan.FromSeconds(30), "the cancelled run's spill file to be deleted");

        // The queued one was never trained: the worker passes over it.
        await Eventually.TrueAsync(async () => await StatusAsync(viewer, second) == "cancelled", TimeSpan.FromSeconds(30), "the second run to stay cancelled");
        var runs = (await (await viewer.GetAsync("/api/runs")).JsonAsync()).EnumerateArray().ToList();
        Assert.All(runs, r => Assert.Equal("cancelled", r.GetProperty("status").GetString()));
        Assert.All(runs, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("version").ValueKind));
        Assert.Empty((await (await viewer.GetAsync("/api/models")).JsonAsync()).EnumerateArray());
        var models = Path.Combine(factory.Root, "models");
        Assert.Empty(Directory.Exists(models) ? Directory.EnumerateFiles(models, "*", SearchOption.AllDirectories) : []);

        // Ended runs cannot be cancelled again; unknown ones do not exist.
        var again = await scientist.DeleteAsync($"/api/runs/{first}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already ended (cancelled)", (await again.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.DeleteAsync($"/api/runs/{Guid.NewGuid()}")).StatusCode);

        using var admin = await factory.ClientForAsync(Roles.Admin);
        var audit = (await (await admin.GetAsync($"/api/audit?action={AuditActions.TrainingCancelled}")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["behind", "long"], audit.Select(a => a.GetProperty("target").GetString()).Order());
        Assert.Empty((await (await admin.GetAsync($"/api/audit?action={AuditActions.TrainingFailed}")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task ListRuns_RunInFlight_ShowsTheLiveProgressLikeGetRun()
    {
        using var factory = new PortalFactory();
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        var credit = await scientist.UploadSampleAsync("credit_data.csv");
        var run = await StartAsync(scientist, "long", LongSweep(credit));
        double single = 0;
        await Eventually.TrueAsync(async () =>
        {
            var one = await (await scientist.GetAsync($"/api/runs/{run}")).JsonAsync();
            single = one.GetProperty("progress").GetDouble();
            return one.GetProperty("status").GetString() == "running" && single > 0;
        }, TimeSpan.FromSeconds(60), "the run to report progress");

        // The store still holds 0 (its progress at start); the list must show the live figure, which only grows.
        var listed = (await (await scientist.GetAsync("/api/runs")).JsonAsync()).EnumerateArray().Single();
        Assert.Equal(run, listed.GetProperty("runId").GetGuid());
        Assert.Equal("running", listed.GetProperty("status").GetString());
        Assert.True(listed.GetProperty("progress").GetDouble() >= single, $"listed progress {listed.GetProperty("progress").GetDouble()} < {single} from GET /api/runs/{{id}}");

        await scientist.DeleteAsync($"/api/runs/{run}");
        Assert.Equal(RunStatus.Cancelled, (await factory.WaitForRunAsync(run)).Status);
    }

    [Fact]
    public async Task Cancel_FinishedRun_Returns409()
    {
        using var factory = new PortalFactory();
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        var cancer = await scientist.UploadSampleAsync("breast_cancer.csv");
        var run = await StartAsync(scientist, "done", new { datasetId = cancer, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
        Assert.Equal(RunStatus.Succeeded, (await factory.WaitForRunAsync(run)).Status);
        await Eventually.TrueAsync(() => Task.FromResult(SpillFiles(factory.Root).Count == 0), TimeSpan.FromSeconds(30), "the run's spill file to be deleted");

        var response = await scientist.DeleteAsync($"/api/runs/{run}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(1, (await (await scientist.GetAsync("/api/models/done")).JsonAsync()).GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Restart_DuringRun_RunFailsInterruptedByARestart()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        Guid stopped, crashed;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            var credit = await scientist.UploadSampleAsync("credit_data.csv");
            stopped = await StartAsync(scientist, "stopped", LongSweep(credit));
            await Eventually.TrueAsync(async () => await StatusAsync(scientist, stopped) == "running", TimeSpan.FromSeconds(60), "the run to start");
            // A run a killed process left running, as the database shows it after a crash.
            var store = first.Services.GetRequiredService<ITrainingRunStore>();
            var template = (await store.GetAsync(stopped))!;
            crashed = Guid.NewGuid();
            await store.AddAsync(template with { RunId = crashed, Model = "crashed", Status = RunStatus.Running, Progress = 0.4 });
        }

        using var second = new PortalFactory { Root = root };
        using var viewer = await second.ClientForAsync(Roles.Viewer);
        // Stopped mid-run (the first process's shutdown) and crashed mid-run (failed by the next start) read alike.
        foreach (var runId in new[] { stopped, crashed })
        {
            await Eventually.TrueAsync(async () => await StatusAsync(viewer, runId) == "failed", TimeSpan.FromSeconds(30), $"run {runId} to be failed");
            var run = await (await viewer.GetAsync($"/api/runs/{runId}")).JsonAsync();
            Assert.Contains("interrupted by a restart", run.GetProperty("error").GetString());
            Assert.Equal(JsonValueKind.Null, run.GetProperty("version").ValueKind);
        }

        Assert.Empty((await (await viewer.GetAsync("/api/models")).JsonAsync()).EnumerateArray());
    }

    [Fact]
    public async Task TwoConcurrentRunsAllowed_BothRunAtOnce()
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Training:MaxConcurrentRuns"] = "2";
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        var credit = await scientist.UploadSampleAsync("credit_data.csv");
        var a = await StartAsync(scientist, "first", LongSweep(credit));
        var b = await StartAsync(scientist, "second", LongSweep(credit));

        await Eventually.TrueAsync(async () => await StatusAsync(scientist, a) == "running" && await StatusAsync(scientist, b) == "running",
            TimeSpan.FromSeconds(60), "both runs to train at once");

        foreach (var run in new[] { a, b })
        {
            await scientist.DeleteAsync($"/api/runs/{run}");
            Assert.Equal(RunStatus.Cancelled, (await factory.WaitForRunAsync(run)).Status);
        }
    }

    /// <summary>The spill files (Portal.Core/Training/RowSpill.cs) under a portal's data folder.</summary>
    internal static IReadOnlyList<string> SpillFiles(string root) =>
        Directory.EnumerateFiles(root, "portal-spill.tmp-*", SearchOption.AllDirectories).ToList();

    private static async Task<Guid> StartAsync(HttpClient client, string model, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/train", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("runId").GetGuid();
    }

    private static async Task<string?> StatusAsync(HttpClient client, Guid runId) =>
        (await (await client.GetAsync($"/api/runs/{runId}")).JsonAsync()).GetProperty("status").GetString();
}
