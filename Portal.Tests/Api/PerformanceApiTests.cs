using System.Net;
using System.Net.Http.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

[Collection(MonitoringCollection.Name)]
public sealed class PerformanceApiTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task Performance_LabelledPredictions_BucketsMetricsAndCoverage()
    {
        // A window of its own (year 2030) so other tests' predictions do not count.
        var day1 = new DateTimeOffset(2030, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var first = await LoggedPredictions.AddAsync(fixture.Factory, 4, day1.AddHours(1), probability: i => new[] { 0.9, 0.2, 0.7, 0.4 }[i]);
        var second = await LoggedPredictions.AddAsync(fixture.Factory, 2, day1.AddDays(1).AddHours(1), probability: i => new[] { 0.8, 0.6 }[i]);
        using (var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist))
        {
            var labels = new object[]
            {
                new { predictionId = first[0].Id, label = "malignant" },
                new { predictionId = first[1].Id, label = "benign" },
                new { predictionId = first[2].Id, label = "benign" },
                new { predictionId = second[0].Id, label = "malignant" },
            };
            Assert.Equal(4, (await (await scientist.PostAsJsonAsync("/api/labels", labels)).JsonAsync()).GetProperty("accepted").GetInt32());
        }

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?from=2030-05-01T00:00:00Z&to=2030-05-08T00:00:00Z&bucket=1d");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal("1d", body.GetProperty("bucket").GetString());
        var version = Assert.Single(body.GetProperty("versions").EnumerateArray().ToList());
        Assert.Equal(1, version.GetProperty("version").GetInt32());

        var buckets = version.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(2, buckets.Count);
        Assert.Equal(day1, buckets[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(4, buckets[0].GetProperty("predictions").GetInt32());
        Assert.Equal(3, buckets[0].GetProperty("labelled").GetInt32());
        Assert.Equal(0.75, buckets[0].GetProperty("coverage").GetDouble(), 12);
        // y = [1, 0, 0], p = [0.9, 0.2, 0.7]: roc_auc_score = 1.0, accuracy 2/3, brier (0.01 + 0.04 + 0.49) / 3.
        Assert.Equal(1.0, buckets[0].GetProperty("auc").GetDouble(), 12);
        Assert.Equal(2.0 / 3, buckets[0].GetProperty("accuracy").GetDouble(), 12);
        Assert.Equal(0.18, buckets[0].GetProperty("brier").GetDouble(), 12);
        // One class only on day 2: AUC is null.
        Assert.Equal(System.Text.Json.JsonValueKind.Null, buckets[1].GetProperty("auc").ValueKind);
        Assert.Equal(0.5, buckets[1].GetProperty("coverage").GetDouble(), 12);

        var total = version.GetProperty("total");
        Assert.Equal(6, total.GetProperty("predictions").GetInt32());
        Assert.Equal(4, total.GetProperty("labelled").GetInt32());
    }

    [Fact]
    public async Task Performance_UnknownBucket_Returns400()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?bucket=5m");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Performance_UnknownModel_Returns404()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync("/api/models/nope/performance");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
