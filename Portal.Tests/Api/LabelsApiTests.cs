using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Predictions;

namespace Portal.Tests.Api;

[Collection(MonitoringCollection.Name)]
public sealed class LabelsApiTests(TrainedModelFixture fixture)
{
    private static readonly DateTimeOffset At = new(2026, 2, 1, 10, 0, 0, TimeSpan.Zero);

    private Task<LabelRecord?> LabelOf(Guid id) => fixture.Factory.Services.GetRequiredService<ILabelStore>().GetAsync(id);

    [Fact]
    public async Task Upload_JsonWithGoodAndBadRows_KeepsGoodReportsBadByIndex()
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 3, At);
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var unknown = Guid.NewGuid();
        var response = await client.PostAsJsonAsync("/api/labels", new object[]
        {
            new { predictionId = p[0].Id, label = "malignant", labelTimestamp = "2026-02-03T00:00:00Z", source = "pathology" },
            new { predictionId = unknown, label = "benign" },
            new { predictionId = p[1].Id, label = "maybe" },
            new { predictionId = p[2].Id, label = "benign", labelTimestamp = "yesterday" },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Equal(unknown.ToString(), rejected[0].GetProperty("predictionId").GetString());
        Assert.Contains("No logged prediction", rejected[0].GetProperty("error").GetString());
        Assert.Contains("'maybe' is not a class", rejected[1].GetProperty("error").GetString());
        Assert.Contains("not a timestamp", rejected[2].GetProperty("error").GetString());

        var kept = await LabelOf(p[0].Id);
        Assert.Equal("malignant", kept!.TrueLabel);
        Assert.Equal("pathology", kept.Source);
        Assert.Equal(new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero), kept.LabelTimestamp);
        Assert.Null(await LabelOf(p[1].Id));
    }

    [Fact]
    public async Task Upload_CsvMultipartWithRaggedLine_ReportsCsvLines()
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 3, At);
        var csv = $"""
            prediction_id,true_label,label_timestamp,label_source
            {p[0].Id},benign,2026-02-02T08:00:00Z,crm
            {p[1].Id},benign
            not-a-guid,benign,,crm
            {p[2].Id},malignant,,crm
            """;
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        using var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "labels.csv");
        var response = await client.PostAsync("/api/labels", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        var rejected = body.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal([3, 4], rejected.Select(r => r.GetProperty("line").GetInt32()));
        Assert.Contains("cells", rejected[0].GetProperty("error").GetString());
        Assert.Equal("benign", (await LabelOf(p[0].Id))!.TrueLabel);
        Assert.Equal("malignant", (await LabelOf(p[2].Id))!.TrueLabel);
    }

    [Fact]
    public async Task Upload_CsvBodyTwice_LatestLabelReplaces()
    {
        var p = await LoggedPredictions.AddAsync(fixture.Factory, 1, At);
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        foreach (var label in new[] { "benign", "malignant" })
        {
            var content = new StringContent($"prediction_id,true_label,label_timestamp,label_source\n{p[0].Id},{label},,\n", Encoding.UTF8, "text/csv");
            var response = await client.PostAsync("/api/labels", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        }

        Assert.Equal("malignant", (await LabelOf(p[0].Id))!.TrueLabel);
    }

    [Fact]
    public async Task Upload_NotCsv_Returns422WithMessage()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var response = await client.PostAsync("/api/labels", new StringContent("just some words\nand more words\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("prediction_id,true_label", (await response.JsonAsync()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Upload_Viewer_Returns403()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.PostAsJsonAsync("/api/labels", Array.Empty<object>());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
