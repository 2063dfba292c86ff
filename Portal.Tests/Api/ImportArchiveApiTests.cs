using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Portal.Core.Auth;
using Portal.Tests.Core.Registry;

namespace Portal.Tests.Api;

/// <summary>A portal whose imports may unpack to at most 1 MB, with a dataset to import against.</summary>
public sealed class SmallArtefactLimitFixture : IAsyncLifetime
{
    public PortalFactory Factory { get; } = new();
    public int DatasetId { get; private set; }

    public async Task InitializeAsync()
    {
        Factory.Settings["Portal:Artefacts:MaxUncompressedMegabytes"] = "1";
        using var client = await Factory.ClientForAsync(Roles.DataScientist);
        DatasetId = await client.UploadSampleAsync("breast_cancer.csv");
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Dangerous model zips are refused with a 422 naming the entry, before anything is registered or written.</summary>
public sealed class ImportArchiveApiTests(SmallArtefactLimitFixture fixture) : IClassFixture<SmallArtefactLimitFixture>
{
    private const string Model = "hostile";

    private async Task AssertRefusedNamingAsync(byte[] zip, string entry)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip), "file", "model.zip" },
            { new StringContent(fixture.DatasetId.ToString(CultureInfo.InvariantCulture)), "datasetId" },
            { new StringContent("diagnosis"), "label" },
        };

        var response = await client.PostAsync($"/api/models/{Model}/versions", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        var file = problem.GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains($"'{entry}'", file);
        Assert.Contains($"'{entry}'", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/models/{Model}")).StatusCode);
        Assert.False(Directory.Exists(Path.Combine(fixture.Factory.Root, "models", Model)));
        Assert.False(File.Exists(Path.Combine(fixture.Factory.Root, "evil.txt")));
    }

    [Theory]
    [InlineData("../../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    [InlineData("C:\\evil.txt")]
    public async Task ImportVersion_EntryOutsideTheArchive_Returns422NamingItAndRegistersNothing(string entry)
    {
        var zip = ArtefactArchiveTests.Zip(("TransformerChain/Model.key", "model"u8.ToArray()), (entry, "payload"u8.ToArray()));

        await AssertRefusedNamingAsync(zip, entry);
    }

    [Fact]
    public async Task ImportVersion_PaddingOverTheLimit_Returns422NamingItAndRegistersNothing()
    {
        var zip = ArtefactArchiveTests.Zip(("TransformerChain/Model.key", "model"u8.ToArray()), ("padding.bin", new byte[2 * 1024 * 1024]));

        await AssertRefusedNamingAsync(zip, "padding.bin");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public void Startup_BadArtefactLimit_StopsNamingTheKey(string value)
    {
        using var factory = new PortalFactory();
        factory.Settings["Portal:Artefacts:MaxUncompressedMegabytes"] = value;

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("MaxUncompressedMegabytes", error.ToString());
    }
}
