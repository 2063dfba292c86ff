using System.Net;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

public sealed class DatasetsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Upload_CreditData_Returns201WithColumnsAndSha()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var bytes = await File.ReadAllBytesAsync(TestPaths.Sample("credit_data.csv"));
        var response = await client.UploadCsvAsync(bytes, "credit_data.csv");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(4454, body.GetProperty("rows").GetInt32());
        Assert.Equal("credit_data", body.GetProperty("name").GetString());
        Assert.Equal(Portal.Core.Common.Sha256Hex.Of(bytes), body.GetProperty("sha256").GetString());
        var columns = body.GetProperty("columns").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal(14, columns.Count);
        Assert.Equal("numeric", columns["Age"].GetProperty("type").GetString());
        Assert.Equal("categorical", columns["Home"].GetProperty("type").GetString());
        Assert.True(columns["Income"].GetProperty("missing").GetInt32() > 0);

        var detail = await (await client.GetAsync($"/api/datasets/{body.GetProperty("id").GetInt32()}")).JsonAsync();
        var income = detail.GetProperty("profile").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "Income");
        Assert.True(income.GetProperty("numeric").GetProperty("mean").GetDouble() > 0);
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4,5\n", "Line 3")]
    [InlineData("a,a\n1,2\n", "a")]
    [InlineData("a,,c\n1,2,3\n", "blank")]
    public async Task Upload_MalformedCsv_Returns422NamingTheProblem(string csv, string expected)
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var response = await client.UploadCsvAsync(csv);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Contains(expected, body.GetProperty("detail").GetString());
        Assert.True(body.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Fact]
    public async Task Upload_RaggedRow_ReportsItsLine()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var body = await (await client.UploadCsvAsync("x,y\n1,2\n3,4\n5\n")).JsonAsync();
        Assert.Equal(4, body.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Upload_BinaryFile_Returns422NotText()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var response = await client.UploadCsvAsync([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x01, 0x02, 0x00, 0xFF], "model.zip");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not text", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_EmptyOrMissingFile_Returns400NamingFile()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        var empty = await client.UploadCsvAsync([], "empty.csv");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.True((await empty.JsonAsync()).GetProperty("errors").TryGetProperty("file", out _));

        var none = await client.PostAsync("/api/datasets", new MultipartFormDataContent { { new StringContent("x"), "name" } });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
    }

    [Fact]
    public async Task Upload_Rejected_LeavesStoredDatasetsUntouched()
    {
        using var client = await factory.ClientForAsync(Roles.DataScientist);
        await client.UploadCsvAsync("a,b\n1,x\n2,y\n3,x\n");
        var before = (await (await client.GetAsync("/api/datasets")).JsonAsync()).GetArrayLength();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.UploadCsvAsync("a,b\n1\n")).StatusCode);

        var after = (await (await client.GetAsync("/api/datasets")).JsonAsync()).GetArrayLength();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Get_UnknownDataset_Returns404()
    {
        using var client = await factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync("/api/datasets/99999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("99999", (await response.JsonAsync()).GetProperty("detail").GetString());
    }
}
