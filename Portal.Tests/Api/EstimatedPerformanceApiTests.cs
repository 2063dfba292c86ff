using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Performance;
using Portal.Core.Registry;

namespace Portal.Tests.Api;

/// <summary><c>GET /api/models/{name}/performance?estimated=true</c>: CBPE per bucket beside realized, before any label.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class EstimatedPerformanceApiTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task Performance_EstimatedTrue_AddsTheCbpeEstimatePerBucketBeforeAnyLabel()
    {
        // A window of its own (year 2031) so other tests' predictions do not count.
        var day1 = new DateTimeOffset(2031, 2, 1, 0, 0, 0, TimeSpan.Zero);
        double[] p = [0.95, 0.1, 0.7, 0.3, 0.85, 0.05];
        await LoggedPredictions.AddAsync(fixture.Factory, p.Length, day1.AddHours(2), probability: i => p[i]);

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?from=2031-02-01T00:00:00Z&to=2031-02-03T00:00:00Z&estimated=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var version = Assert.Single((await response.JsonAsync()).GetProperty("versions").EnumerateArray().ToList());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, version.GetProperty("estimationUnavailable").ValueKind);
        var bucket = Assert.Single(version.GetProperty("buckets").EnumerateArray().ToList());
        Assert.Equal(0, bucket.GetProperty("labelled").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bucket.GetProperty("auc").ValueKind);

        var registry = fixture.Factory.Services.GetRequiredService<IModelRegistry>();
        var details = await registry.GetModelAsync(TrainedModelFixture.Model);
        var expected = PerformanceEstimator.Estimate(details!.Versions.Single(v => v.Version == 1).Evaluation.Estimation!, p)!;
        var estimated = bucket.GetProperty("estimated");
        Assert.Equal(6, estimated.GetProperty("predictions").GetInt32());
        Same(expected.Auc!, estimated.GetProperty("auc"));
        Same(expected.F1, estimated.GetProperty("f1"));
        Same(expected.Precision, estimated.GetProperty("precision"));
        Same(expected.Recall, estimated.GetProperty("recall"));
        Same(expected.Accuracy, estimated.GetProperty("accuracy"));
        Assert.Equal(6, version.GetProperty("total").GetProperty("estimated").GetProperty("predictions").GetInt32());
    }

    [Fact]
    public async Task Performance_WithoutEstimated_HasNoEstimate()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var body = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?from=2031-02-01T00:00:00Z&to=2031-02-03T00:00:00Z")).JsonAsync();

        foreach (var version in body.GetProperty("versions").EnumerateArray())
        foreach (var bucket in version.GetProperty("buckets").EnumerateArray())
            Assert.Equal(System.Text.Json.JsonValueKind.Null, bucket.GetProperty("estimated").ValueKind);
    }

    [Fact]
    public async Task Performance_EstimatedMaybe_Returns400NamingIt()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var response = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?estimated=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.True(body.GetProperty("errors").TryGetProperty("estimated", out _), body.ToString());
    }

    private static void Same(EstimatedMetric expected, System.Text.Json.JsonElement actual)
    {
        Assert.Equal(expected.Value, actual.GetProperty("value").GetDouble(), 12);
        Assert.Equal(expected.Lower, actual.GetProperty("lower").GetDouble(), 12);
        Assert.Equal(expected.Upper, actual.GetProperty("upper").GetDouble(), 12);
    }
}
