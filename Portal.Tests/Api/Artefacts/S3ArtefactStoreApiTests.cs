using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;
using Portal.Core.Registry;
using Portal.Data.Artefacts;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api.Artefacts;

/// <summary>
/// The portal with Portal:Artefacts:Store = s3 against a real S3-compatible server (s3rver, real SDK): datasets and
/// artefacts go to the bucket, a restart on an empty local cache serves from the bucket, a warm cache serves without it,
/// and an altered object or an unreachable store fails the load with its reason while the champion keeps answering.
/// Each test has its own server (some stop it) and its own folder.
/// </summary>
public sealed class S3ArtefactStoreApiTests : IAsyncLifetime
{
    private const string Model = "s3-credit";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
    private S3Server _s3 = null!;

    public async Task InitializeAsync() => _s3 = await S3Server.StartAsync();

    public async Task DisposeAsync()
    {
        await _s3.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task Restart_OnAnEmptyCacheThenWithTheStoreDown_ServesTheSameVersionFromTheBucketThenFromTheCache()
    {
        int version;
        using (var first = Portal("data-a"))
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            using var admin = await first.ClientForAsync(Roles.Admin);
            var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
            version = await TrainAsync(first, scientist, dataset);
            Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(admin, version)).StatusCode);
            Assert.Equal(version, await ServingVersionAsync(admin));

            // Nothing went to the folders: the artefact and the dataset are objects in the bucket.
            Assert.False(Directory.Exists(Path.Combine(_root, "models", Model)));
            Assert.False(Directory.Exists(Path.Combine(_root, "data-a", "datasets")));
            using var bucket = Bucket();
            Assert.True(await bucket.ExistsAsync(ArtefactStore.KeyOf(Model, version)));
            var sha = global::Portal.Core.Common.Sha256Hex.OfFile(TestPaths.Sample("breast_cancer.csv"));
            Assert.True(await bucket.ExistsAsync($"datasets/{sha}.csv"));
        }

        // Another replica's view: the same database, a data folder with nothing cached.
        using (var second = Portal("data-b"))
        {
            using var admin = await second.ClientForAsync(Roles.Admin);
            Assert.Equal(version, await ServingVersionAsync(admin));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(_root, "data-b", "cache", "artefacts")));
        }

        // The store is down, the cache warm: the champion loads from the cache without asking the store.
        await _s3.StopAsync();
        using (var third = Portal("data-b"))
        {
            using var admin = await third.ClientForAsync(Roles.Admin);
            Assert.Equal(version, await ServingVersionAsync(admin));
        }
    }

    [Fact]
    public async Task Reload_ObjectAlteredInTheBucket_IsRefusedWithItsSha256AndTheChampionKeepsServing()
    {
        using var portal = Portal("data");
        using var scientist = await portal.ClientForAsync(Roles.DataScientist);
        using var admin = await portal.ClientForAsync(Roles.Admin);
        var version = await TrainAsync(portal, scientist, await scientist.UploadSampleAsync("breast_cancer.csv"));
        await PromoteAsync(admin, version);
        using var bucket = Bucket();
        var key = ArtefactStore.KeyOf(Model, version);
        var bytes = (await bucket.GetAsync(key))!;
        await bucket.PutAsync(key, bytes.AsMemory(0, bytes.Length / 2));
        EmptyCache("data");

        var response = await admin.PostAsync($"/ops/reload-model?model={Model}", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error").GetString();
        Assert.Contains("SHA-256", error);
        Assert.Contains(key, error);
        Assert.Equal(version, await ServingVersionAsync(admin));
    }

    [Fact]
    public async Task Promote_StoreUnreachable_FailsWithTheReasonAndTheChampionKeepsAnswering()
    {
        using var portal = Portal("data");
        using var scientist = await portal.ClientForAsync(Roles.DataScientist);
        using var admin = await portal.ClientForAsync(Roles.Admin);
        var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
        var v1 = await TrainAsync(portal, scientist, dataset);
        var v2 = await TrainAsync(portal, scientist, dataset, new Dictionary<string, double> { ["numberOfTrees"] = 1, ["numberOfLeaves"] = 2 });
        await PromoteAsync(admin, v1);
        Assert.Equal(v1, await ServingVersionAsync(admin));
        EmptyCache("data");
        await _s3.StopAsync();

        var response = await PromoteAsync(admin, v2);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains(ArtefactStore.KeyOf(Model, v2), text);
        Assert.Contains("could not be reached", text);
        Assert.DoesNotContain(_s3.Port.ToString(), text);
        Assert.Equal(v1, await ServingVersionAsync(admin));

        // Back up: the same promotion goes through.
        await _s3.StartAgainAsync();
        Assert.Equal(HttpStatusCode.OK, (await PromoteAsync(admin, v2)).StatusCode);
        Assert.Equal(v2, await ServingVersionAsync(admin));
    }

    [Fact]
    public async Task Backup_WithTheS3Store_IsRefusedWith409NamingWhy()
    {
        using var portal = Portal("data");
        using var admin = await portal.ClientForAsync(Roles.Admin);

        var response = await admin.PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        // On the PostgreSQL pass the database is the first thing the file backup cannot copy, and it says so.
        Assert.Contains(PortalFactory.OnPostgres ? "pg_dump" : "Portal:Artefacts:Store", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Validate_WithTheS3Store_ProbesTheBucketAndFailsNamingTheReasonWhenItIsDown()
    {
        using var portal = Portal("data");
        using var admin = await portal.ClientForAsync(Roles.Admin);

        var up = await CheckAsync(admin, "artefact store writable");
        await _s3.StopAsync();
        var down = await CheckAsync(admin, "artefact store writable");

        Assert.Equal("pass", up.GetProperty("outcome").GetString());
        Assert.Equal("fail", down.GetProperty("outcome").GetString());
        Assert.Contains("could not be reached", down.ToString());
        Assert.Equal("pass", (await CheckAsync(admin, "artefact cache writable")).GetProperty("outcome").GetString());
    }

    private static async Task<System.Text.Json.JsonElement> CheckAsync(HttpClient admin, string name)
    {
        var body = await (await admin.PostAsync("/api/admin/validate", null)).JsonAsync();
        return body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
    }

    private PortalFactory Portal(string dataFolder)
    {
        var factory = new PortalFactory { Root = _root, DeleteRootOnDispose = false };
        foreach (var (key, value) in _s3.PortalSettings()) factory.Settings[key] = value;
        factory.Settings["Portal:DataPath"] = Path.Combine(_root, dataFolder);
        return factory;
    }

    private S3ArtefactBlobs Bucket() => new(new S3Settings(_s3.Bucket)
    {
        Endpoint = _s3.Endpoint, Region = "us-east-1", ForcePathStyle = true, AccessKey = S3Server.AccessKey, SecretKey = S3Server.SecretKey,
    });

    private void EmptyCache(string dataFolder)
    {
        foreach (var file in Directory.GetFiles(Path.Combine(_root, dataFolder, "cache", "artefacts"))) File.Delete(file);
    }

    private static async Task<int> TrainAsync(PortalFactory portal, HttpClient scientist, int dataset, Dictionary<string, double>? options = null)
    {
        var response = await scientist.PostAsJsonAsync($"/api/models/{Model}/train",
            new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", trainer = "FastTree", options });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await portal.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.Version is not null, run.Error);
        return run.Version!.Value;
    }

    private static Task<HttpResponseMessage> PromoteAsync(HttpClient admin, int version) =>
        admin.PostAsJsonAsync($"/api/models/{Model}/versions/{version}/promote", new { alias = "champion", reason = "test" });

    private static async Task<int> ServingVersionAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{Model}/predict", new { features = LifecycleFixture.FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("version").GetInt32();
    }
}
