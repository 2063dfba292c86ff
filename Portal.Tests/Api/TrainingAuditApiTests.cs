using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Audit;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Uploads and training runs reach the audit log with their actor, target and time, read through GET /api/audit.</summary>
public sealed class TrainingAuditApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task UploadAndTrain_Succeeded_AuditHasUploadStartAndSuccessWithTheVersion()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var scientist = await factory.CreateUserAsync(Roles.DataScientist);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await factory.TokenAsync(scientist, PortalFactory.UserPassword));
        var upload = await client.UploadCsvAsync(await File.ReadAllBytesAsync(TestPaths.Sample("breast_cancer.csv")), "breast_cancer.csv", "audited-cancer");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var datasetId = (await upload.JsonAsync()).GetProperty("id").GetInt32();
        var start = await client.PostAsJsonAsync("/api/models/audited/train",
            new { datasetId, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.JsonAsync()).GetProperty("runId").GetGuid();
        await factory.WaitForRunAsync(runId);
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var uploaded = Assert.Single(await QueryAsync(admin, $"?action={AuditActions.DatasetUploaded}&target=dataset%20%23{datasetId}"));
        Assert.Equal(scientist, uploaded.GetProperty("actor").GetString());
        Assert.InRange(uploaded.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal(datasetId, uploaded.GetProperty("details").GetProperty("id").GetInt32());
        Assert.Equal("breast_cancer.csv", uploaded.GetProperty("details").GetProperty("fileName").GetString());
        Assert.Equal("audited-cancer", uploaded.GetProperty("details").GetProperty("name").GetString());

        var started = Assert.Single(await QueryAsync(admin, $"?action={AuditActions.TrainingStarted}&target=audited"));
        Assert.Equal(scientist, started.GetProperty("actor").GetString());
        Assert.Equal(runId, started.GetProperty("details").GetProperty("runId").GetGuid());
        Assert.Equal(datasetId, started.GetProperty("details").GetProperty("datasetId").GetInt32());
        Assert.Equal("FastTree", started.GetProperty("details").GetProperty("trainer").GetString());

        var succeeded = Assert.Single(await QueryAsync(admin, $"?action={AuditActions.TrainingSucceeded}&target=audited%20v1"));
        Assert.Equal(scientist, succeeded.GetProperty("actor").GetString());
        Assert.Equal(1, succeeded.GetProperty("details").GetProperty("version").GetInt32());
        Assert.Equal(runId, succeeded.GetProperty("details").GetProperty("runId").GetGuid());
        Assert.True(succeeded.GetProperty("id").GetInt64() > started.GetProperty("id").GetInt64(), "the success is recorded after the start");

        // The actor filter finds the whole story of this user, newest first.
        var byScientist = await QueryAsync(admin, $"?actor={scientist}");
        Assert.Equal(
            new[] { AuditActions.TrainingSucceeded, AuditActions.TrainingStarted, AuditActions.DatasetUploaded },
            byScientist.Select(e => e.GetProperty("action").GetString()!).ToArray());
    }

    [Fact]
    public async Task Train_Fails_AuditHasTheFailureWithItsReason()
    {
        using var failing = new PortalFactory();
        // A plain file where the models folder should be: writing the artefact fails after training.
        Directory.CreateDirectory(failing.Root);
        var blocked = Path.Combine(failing.Root, "not-a-folder");
        await File.WriteAllTextAsync(blocked, "x");
        failing.Settings["Portal:ModelsPath"] = blocked;
        using var client = await failing.ClientForAsync(Roles.DataScientist);
        var datasetId = await client.UploadSampleAsync("breast_cancer.csv");
        var start = await client.PostAsJsonAsync("/api/models/doomed/train",
            new { datasetId, label = "diagnosis", positiveClass = "malignant", options = new { numberOfTrees = 5 } });
        var runId = (await start.JsonAsync()).GetProperty("runId").GetGuid();
        var run = await failing.WaitForRunAsync(runId);
        using var admin = await failing.ClientForAsync(Roles.Admin);

        var failed = Assert.Single(await QueryAsync(admin, $"?action={AuditActions.TrainingFailed}"));

        Assert.Equal("doomed", failed.GetProperty("target").GetString());
        Assert.Equal(run.CreatedBy, failed.GetProperty("actor").GetString());
        Assert.Equal(runId, failed.GetProperty("details").GetProperty("runId").GetGuid());
        Assert.Equal(run.Error, failed.GetProperty("details").GetProperty("reason").GetString());
        Assert.Contains("doomed/v1.zip", failed.GetProperty("details").GetProperty("reason").GetString());
        Assert.Empty(await QueryAsync(admin, $"?action={AuditActions.TrainingSucceeded}"));
    }

    [Fact]
    public async Task AuditActions_ListsTheNewActions_SoTheApiAcceptsThemAsFilters()
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        foreach (var action in new[] { AuditActions.TrainingStarted, AuditActions.TrainingSucceeded, AuditActions.TrainingFailed, AuditActions.DatasetUploaded })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/audit?action={action}")).StatusCode);
    }

    private static async Task<JsonElement[]> QueryAsync(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/audit{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToArray();
    }
}
