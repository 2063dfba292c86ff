using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Audit;
using Portal.Core.Auth;
using Portal.Core.Common;

namespace Portal.Tests.Api;

/// <summary>Importing a model zip trained elsewhere: the fixture's trained 'cancer' v1 artefact stands in for one.</summary>
public sealed class ModelImportApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Target = TrainedModelFixture.Model;

    private byte[] TrainedZip() => File.ReadAllBytes(Path.Combine(fixture.Factory.Root, "models", TrainedModelFixture.Model, "v1.zip"));

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string model, byte[]? file, int? datasetId, string? label, string? positiveClass = null)
    {
        using var form = new MultipartFormDataContent();
        if (file is not null) form.Add(new ByteArrayContent(file), "file", "model.zip");
        if (datasetId is not null) form.Add(new StringContent(datasetId.Value.ToString()), "datasetId");
        if (label is not null) form.Add(new StringContent(label), "label");
        if (positiveClass is not null) form.Add(new StringContent(positiveClass), "positiveClass");
        return await client.PostAsync($"/api/models/{model}/versions", form);
    }

    private static async Task<int> VersionCountAsync(HttpClient client, string model) =>
        (await (await client.GetAsync($"/api/models/{model}")).JsonAsync()).GetProperty("versions").GetArrayLength();

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpClient client, string detailFragment)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Contains(detailFragment, problem.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _), $"expected an error for 'file', got {problem}");
        Assert.Equal(1, await VersionCountAsync(client, Target));
        // The trained v1 and its explanation background, nothing else.
        Assert.Equal(["v1.explain.json", "v1.zip"], Directory.GetFiles(Path.Combine(fixture.Factory.Root, "models", Target)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task ImportVersion_TrainedZip_Returns201WithMetricsComputedHere()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var zip = TrainedZip();

        var response = await ImportAsync(client, "cancer-imported", zip, fixture.DatasetId, "diagnosis");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/models/cancer-imported/versions/1", response.Headers.Location?.ToString());
        var version = await response.JsonAsync();
        Assert.Equal("Imported", version.GetProperty("trainer").GetString());
        Assert.Equal(fixture.DatasetId, version.GetProperty("datasetId").GetInt32());
        // No positiveClass sent: the label's less frequent value (212 malignant against 357 benign).
        Assert.Equal("malignant", version.GetProperty("positiveClass").GetString());
        Assert.Equal(30, version.GetProperty("features").GetArrayLength());
        Assert.Empty(version.GetProperty("options").EnumerateObject());
        var metrics = version.GetProperty("metrics");
        // Evaluated on training's default held-out split (20%, seed 1): 42 of 212 malignant and 71 of 357 benign rows.
        Assert.Equal(113, metrics.GetProperty("testRows").GetInt32());
        Assert.Equal(0, metrics.GetProperty("trainRows").GetInt32());
        Assert.InRange(metrics.GetProperty("auc").GetDouble(), 0.95, 1);
        Assert.Equal(Sha256Hex.Of(zip), version.GetProperty("sha256").GetString());
        Assert.Equal(zip, File.ReadAllBytes(Path.Combine(fixture.Factory.Root, "models", "cancer-imported", "v1.zip")));

        var stored = await (await client.GetAsync("/api/models/cancer-imported/versions/1")).JsonAsync();
        Assert.Equal("Imported", stored.GetProperty("trainer").GetString());
        var card = await (await client.GetAsync("/api/models/cancer-imported/versions/1/card")).JsonAsync();
        Assert.Equal("imported", card.GetProperty("source").GetString());

        var audit = fixture.Factory.Services.GetRequiredService<IAuditLog>();
        var entries = await audit.QueryAsync(new AuditQuery(Action: AuditActions.VersionImported, Target: "cancer-imported v1"));
        Assert.Single(entries);
    }

    [Fact]
    public async Task ImportVersion_ExplicitPositiveClass_IsKept()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportAsync(client, "cancer-benign", TrainedZip(), fixture.DatasetId, "diagnosis", "benign");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.JsonAsync();
        Assert.Equal("benign", version.GetProperty("positiveClass").GetString());
        Assert.Equal("malignant", version.GetProperty("negativeClass").GetString());
        // The model scores malignancy, so read as a 'benign' detector it ranks almost perfectly backwards.
        Assert.InRange(version.GetProperty("metrics").GetProperty("auc").GetDouble(), 0, 0.05);
    }

    [Fact]
    public async Task ImportVersion_NotAZip_Returns422AndRegistersNothing()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportAsync(client, Target, Encoding.UTF8.GetBytes("this is not a zip file"), fixture.DatasetId, "diagnosis");

        await AssertRefusedAsync(response, client, "not a loadable ML.NET model");
    }

    [Fact]
    public async Task ImportVersion_ZipThatIsNotAModel_Returns422AndRegistersNothing()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("readme.txt").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes("hello"));
        }

        var response = await ImportAsync(client, Target, buffer.ToArray(), fixture.DatasetId, "diagnosis");

        await AssertRefusedAsync(response, client, "not a loadable ML.NET model");
    }

    [Fact]
    public async Task ImportVersion_InputsDoNotFitTheDataset_Returns422AndRegistersNothing()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var credit = await client.UploadSampleAsync("credit_data.csv");

        var response = await ImportAsync(client, Target, TrainedZip(), credit, "Status", "bad");

        await AssertRefusedAsync(response, client, "do not fit the dataset");
    }

    [Theory]
    [InlineData(true, false, true, "datasetId")]
    [InlineData(true, true, false, "label")]
    [InlineData(false, true, true, "file")]
    public async Task ImportVersion_MissingField_Returns400NamingIt(bool withFile, bool withDataset, bool withLabel, string field)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportAsync(client, Target, withFile ? TrainedZip() : null, withDataset ? fixture.DatasetId : null, withLabel ? "diagnosis" : null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(1, await VersionCountAsync(client, Target));
    }

    [Theory]
    [InlineData(424242, "diagnosis", null, "datasetId")]
    [InlineData(0, "no_such_column", null, "label")]
    [InlineData(0, "mean_radius", null, "label")]
    [InlineData(0, "diagnosis", "maybe", "positiveClass")]
    public async Task ImportVersion_WrongField_Returns400NamingIt(int datasetId, string label, string? positiveClass, string field)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportAsync(client, Target, TrainedZip(), datasetId == 0 ? fixture.DatasetId : datasetId, label, positiveClass);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(1, await VersionCountAsync(client, Target));
    }

    [Fact]
    public async Task ImportVersion_Viewer_Returns403()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var response = await ImportAsync(client, Target, TrainedZip(), fixture.DatasetId, "diagnosis");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(1, await VersionCountAsync(client, Target));
    }

    [Fact]
    public async Task ImportVersion_NoCredentials_Returns401()
    {
        using var client = fixture.Factory.CreateClient();

        var response = await ImportAsync(client, Target, TrainedZip(), fixture.DatasetId, "diagnosis");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
