using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Datasets;

namespace Portal.Tests.Api;

/// <summary>Duplicate uploads, renaming and deleting datasets.</summary>
public sealed class DatasetChangesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    /// <summary>Content no other test uploads, so duplicates are only the ones a test makes.</summary>
    private static byte[] UniqueCsv() => System.Text.Encoding.UTF8.GetBytes($"a,b\n1,{Guid.NewGuid():N}\n2,x\n3,y\n");

    [Fact]
    public async Task Upload_SameContentTwice_Returns409NamingTheExistingDataset()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var csv = UniqueCsv();
        var first = await (await client.UploadCsvAsync(csv, "first.csv", "First upload", allowDuplicate: false)).JsonAsync();
        var count = (await (await client.GetAsync("/api/datasets")).JsonAsync()).GetArrayLength();

        var second = await client.UploadCsvAsync(csv, "again.csv", allowDuplicate: false);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        var problem = await second.JsonAsync();
        var id = first.GetProperty("id").GetInt32();
        Assert.Equal(id, problem.GetProperty("datasetId").GetInt32());
        Assert.Equal("First upload", problem.GetProperty("datasetName").GetString());
        Assert.Contains($"already dataset #{id} (\"First upload\")", problem.GetProperty("detail").GetString());
        Assert.Contains("allowDuplicate=true", problem.GetProperty("detail").GetString());
        Assert.Equal(count, (await (await client.GetAsync("/api/datasets")).JsonAsync()).GetArrayLength());
    }

    [Fact]
    public async Task Upload_SameContentWithAllowDuplicate_RegistersItAgain()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var csv = UniqueCsv();
        var first = await (await client.UploadCsvAsync(csv, "one.csv", allowDuplicate: false)).JsonAsync();

        var second = await client.UploadCsvAsync(csv, "two.csv", allowDuplicate: true);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var body = await second.JsonAsync();
        Assert.NotEqual(first.GetProperty("id").GetInt32(), body.GetProperty("id").GetInt32());
        Assert.Equal(first.GetProperty("sha256").GetString(), body.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Rename_NewName_Returns200AndIsAudited()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var id = (await (await client.UploadCsvAsync(UniqueCsv(), "before.csv")).JsonAsync()).GetProperty("id").GetInt32();

        var response = await client.PatchAsJsonAsync($"/api/datasets/{id}", new { name = "  After rename  " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("After rename", (await response.JsonAsync()).GetProperty("name").GetString());
        Assert.Equal("After rename", (await (await client.GetAsync($"/api/datasets/{id}")).JsonAsync()).GetProperty("name").GetString());
        var entry = await SingleAuditAsync($"dataset #{id}", AuditActions.DatasetRenamed);
        Assert.Equal("After rename", entry.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal("before", entry.GetProperty("details").GetProperty("change").GetProperty("from").GetString());
        Assert.Equal("After rename", entry.GetProperty("details").GetProperty("change").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Rename_BlankOrTooLongName_Returns400NamingTheField()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var id = (await (await client.UploadCsvAsync(UniqueCsv())).JsonAsync()).GetProperty("id").GetInt32();

        foreach (var name in new[] { " ", new string('n', 201) })
        {
            var response = await client.PatchAsJsonAsync($"/api/datasets/{id}", new { name });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("name", out _));
        }
    }

    [Fact]
    public async Task RenameOrDelete_UnknownDataset_Returns404_ViewerGets403()
    {
        using var scientist = await factory.ClientForAsync(Roles.DataScientist);
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.PatchAsJsonAsync("/api/datasets/98765", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await scientist.DeleteAsync("/api/datasets/98765")).StatusCode);

        var id = (await (await scientist.UploadCsvAsync(UniqueCsv())).JsonAsync()).GetProperty("id").GetInt32();
        using var viewer = await factory.ClientForAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PatchAsJsonAsync($"/api/datasets/{id}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/datasets/{id}")).StatusCode);
    }

    [Fact]
    public async Task Delete_Unused_Returns204_RemovesTheFileAndIsAudited()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var body = await (await client.UploadCsvAsync(UniqueCsv(), "gone.csv")).JsonAsync();
        var id = body.GetProperty("id").GetInt32();
        var sha = body.GetProperty("sha256").GetString()!;
        var files = factory.Services.GetRequiredService<DatasetFiles>();
        Assert.True(files.Exists(sha));

        var response = await client.DeleteAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/datasets/{id}")).StatusCode);
        Assert.False(files.Exists(sha));
        var entry = await SingleAuditAsync($"dataset #{id}", AuditActions.DatasetDeleted);
        Assert.Equal("gone", entry.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal(sha, entry.GetProperty("details").GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Delete_OneOfTwoWithTheSameContent_KeepsTheFileForTheOther()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var csv = UniqueCsv();
        var first = await (await client.UploadCsvAsync(csv, "a.csv")).JsonAsync();
        var second = await (await client.UploadCsvAsync(csv, "b.csv", allowDuplicate: true)).JsonAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{first.GetProperty("id").GetInt32()}")).StatusCode);

        Assert.True(factory.Services.GetRequiredService<DatasetFiles>().Exists(second.GetProperty("sha256").GetString()!));
    }

    [Fact]
    public async Task UploadRenameDelete_FilteredByTheDatasetTarget_ReturnsAllThreeEntries()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var id = (await (await client.UploadCsvAsync(UniqueCsv(), "story.csv", "Story")).JsonAsync()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/datasets/{id}", new { name = "Story, renamed" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        using var admin = await factory.ClientForAsync(Roles.Admin);

        var entries = (await (await admin.GetAsync($"/api/audit?target={Uri.EscapeDataString($"dataset #{id}")}")).JsonAsync()).EnumerateArray().ToArray();

        Assert.Equal(
            new[] { AuditActions.DatasetDeleted, AuditActions.DatasetRenamed, AuditActions.DatasetUploaded },
            entries.Select(e => e.GetProperty("action").GetString()!).ToArray());
        // One shape for every entry: the dataset's identity as it was at that moment.
        Assert.All(entries, e => Assert.Equal(id, e.GetProperty("details").GetProperty("id").GetInt32()));
        Assert.Equal(new[] { "Story, renamed", "Story, renamed", "Story" }, entries.Select(e => e.GetProperty("details").GetProperty("name").GetString()!).ToArray());
    }

    private async Task<JsonElement> SingleAuditAsync(string target, string action)
    {
        using var admin = await factory.ClientForAsync(Roles.Admin);
        var entries = await (await admin.GetAsync($"/api/audit?target={Uri.EscapeDataString(target)}&action={action}")).JsonAsync();
        var entry = Assert.Single(entries.EnumerateArray());
        Assert.StartsWith(Roles.DataScientist.ToLowerInvariant() + "-", entry.GetProperty("actor").GetString());
        return entry;
    }
}

/// <summary>A dataset a version was trained on cannot be deleted.</summary>
public sealed class DatasetInUseApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task Delete_UsedByAVersion_Returns409NamingTheVersions_AndKeepsIt()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await client.DeleteAsync($"/api/datasets/{fixture.DatasetId}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Contains($"used by {TrainedModelFixture.Model} v1", problem.GetProperty("detail").GetString());
        var use = Assert.Single(problem.GetProperty("usedBy").EnumerateArray());
        Assert.Equal(TrainedModelFixture.Model, use.GetProperty("model").GetString());
        Assert.Equal(1, use.GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/datasets/{fixture.DatasetId}")).StatusCode);
    }
}
