using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>
/// An imported zip is evaluated on the held-out split training makes, not on every labelled row: a byte-identical
/// copy of a trained version scores exactly what it scored, and a gate that blocks the original blocks the copy.
/// </summary>
public sealed class ImportEvaluationTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Model = TrainedModelFixture.Model;

    private async Task<HttpResponseMessage> ImportCopyOfV1Async(HttpClient client, string model, params (string Name, string Value)[] extra)
    {
        var zip = await File.ReadAllBytesAsync(Path.Combine(fixture.Factory.Root, "models", Model, "v1.zip"));
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(zip), "file", "copy.zip" },
            { new StringContent(fixture.DatasetId.ToString(CultureInfo.InvariantCulture)), "datasetId" },
            { new StringContent("diagnosis"), "label" },
            { new StringContent("malignant"), "positiveClass" },
        };
        foreach (var (name, value) in extra) form.Add(new StringContent(value), name);
        return await client.PostAsync($"/api/models/{model}/versions", form);
    }

    private static Dictionary<string, double> Metrics(JsonElement version) =>
        version.GetProperty("metrics").EnumerateObject().Where(p => p.Name != "trainRows").ToDictionary(p => p.Name, p => p.Value.GetDouble());

    [Fact]
    public async Task ImportVersion_CopyOfTrainedZip_HasTheTrainedVersionsMetricsAndIsBlockedByTheSameGate()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var v1 = await (await admin.GetAsync($"/api/models/{Model}/versions/1")).JsonAsync();

        var response = await ImportCopyOfV1Async(admin, Model);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var copy = await response.JsonAsync();
        Assert.Equal(2, copy.GetProperty("version").GetInt32());
        // Same rows, same scores: every test metric equal, the test split's 113 rows, not all 569.
        Assert.Equal(Metrics(v1), Metrics(copy));
        Assert.Equal(113, copy.GetProperty("metrics").GetProperty("testRows").GetInt32());
        var dataset = (await (await admin.GetAsync($"/api/datasets/{fixture.DatasetId}")).JsonAsync()).GetProperty("name").GetString();
        var evaluatedOn = $"test split (20%, seed 1) of dataset '{dataset}' (id {fixture.DatasetId}): 113 rows";
        Assert.Equal(evaluatedOn, copy.GetProperty("evaluatedOn").GetString());
        Assert.Equal(evaluatedOn, v1.GetProperty("evaluatedOn").GetString());
        Assert.Equal(evaluatedOn, (await (await admin.GetAsync($"/api/models/{Model}/versions/2")).JsonAsync()).GetProperty("evaluatedOn").GetString());

        // A minAuc just above v1's test AUC blocks v1, and so the copy (scored on every row it would have passed).
        var minAuc = v1.GetProperty("metrics").GetProperty("auc").GetDouble() + 1e-6;
        var gates = await admin.PutAsJsonAsync($"/api/models/{Model}/gates", new { minAuc });
        Assert.Equal(HttpStatusCode.OK, gates.StatusCode);
        foreach (var version in new[] { 1, 2 })
        {
            var check = await (await admin.GetAsync($"/api/models/{Model}/versions/{version}/gate-check")).JsonAsync();
            Assert.False(check.GetProperty("passed").GetBoolean(), $"v{version}: {check}");
        }
    }

    [Fact]
    public async Task ImportVersion_SplitNamed_IsTheSplitEvaluatedOn()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportCopyOfV1Async(client, "cancer-split", ("testFraction", "0.5"), ("seed", "7"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var version = await response.JsonAsync();
        // 212 malignant and 357 benign: half of each, rounded half up, is 106 + 179.
        Assert.Equal(285, version.GetProperty("metrics").GetProperty("testRows").GetInt32());
        Assert.StartsWith("test split (50%, seed 7) of dataset", version.GetProperty("evaluatedOn").GetString());
    }

    [Theory]
    [InlineData("testFraction", "0.9")]
    [InlineData("testFraction", "half")]
    [InlineData("seed", "1.5")]
    public async Task ImportVersion_BadSplit_Returns400NamingTheField(string field, string value)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);

        var response = await ImportCopyOfV1Async(client, "cancer-bad-split", (field, value));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/cancer-bad-split")).StatusCode);
    }
}
