using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

public sealed class TrainingFailureTests
{
    [Fact]
    public async Task Train_ArtefactStoreUnwritable_RunFailsWithReasonAndRegistryUnchanged()
    {
        using var factory = new PortalFactory();
        // A plain file where the models folder should be: writing the artefact must fail.
        var blocked = Path.Combine(factory.Root, "not-a-folder");
        Directory.CreateDirectory(factory.Root);
        await File.WriteAllTextAsync(blocked, "x");
        factory.Settings["Portal:ModelsPath"] = blocked;

        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var datasetId = await client.UploadSampleAsync("breast_cancer.csv");
        var start = await client.PostAsJsonAsync("/api/models/doomed/train", new { datasetId, label = "diagnosis", positiveClass = "malignant" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.JsonAsync()).GetProperty("runId").GetGuid();
        await factory.WaitForRunAsync(runId);

        var run = await (await client.GetAsync($"/api/runs/{runId}")).JsonAsync();
        Assert.Equal("failed", run.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(run.GetProperty("error").GetString()));
        // The reason names the artefact by its key, never the server folder it could not write to.
        Assert.Contains("doomed/v1.zip", run.GetProperty("error").GetString());
        Assert.DoesNotContain(factory.Root, run.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/doomed")).StatusCode);
        Assert.Empty((await (await client.GetAsync("/api/models")).JsonAsync()).EnumerateArray());
        await Eventually.TrueAsync(() => Task.FromResult(TrainingQueueApiTests.SpillFiles(factory.Root).Count == 0), TimeSpan.FromSeconds(30),
            "the failed run's spill file to be deleted");
    }
}
