using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Calibration and permutation importance of a trained version, and the realized calibration of labelled predictions.</summary>
[Collection(MonitoringCollection.Name)]
public sealed class QualityApiTests(TrainedModelFixture fixture)
{
    [Fact]
    public async Task Version_AfterTraining_CarriesCalibrationEceAndImportance()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var version = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1")).JsonAsync();

        var metrics = version.GetProperty("metrics");
        var calibration = version.GetProperty("calibration");
        var bins = calibration.GetProperty("bins").EnumerateArray().ToList();
        Assert.Equal(10, bins.Count);
        Assert.Equal(metrics.GetProperty("testRows").GetInt32(), calibration.GetProperty("count").GetInt32());
        Assert.Equal(metrics.GetProperty("testRows").GetInt32(), bins.Sum(b => b.GetProperty("count").GetInt32()));
        Assert.Equal(metrics.GetProperty("ece").GetDouble(), calibration.GetProperty("ece").GetDouble());
        Assert.Equal(0, bins[0].GetProperty("lower").GetDouble());
        Assert.Equal(1, bins[9].GetProperty("upper").GetDouble());
        Assert.All(bins.Where(b => b.GetProperty("count").GetInt32() == 0), b => Assert.Equal(JsonValueKind.Null, b.GetProperty("meanPredicted").ValueKind));

        var importance = version.GetProperty("importance");
        Assert.Equal("auc", importance.GetProperty("metric").GetString());
        Assert.Equal(5, importance.GetProperty("repeats").GetInt32());
        Assert.Equal(metrics.GetProperty("auc").GetDouble(), importance.GetProperty("baseline").GetDouble(), 12);
        var features = importance.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(version.GetProperty("features").GetArrayLength(), features.Count);
        Assert.All(features, f => Assert.True(f.GetProperty("std").GetDouble() >= 0));
        Assert.Contains(features, f => f.GetProperty("mean").GetDouble() > 0);
    }

    [Fact]
    public async Task CalibrationAndImportance_OwnEndpoints_AndUnknownVersion404()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var version = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1")).JsonAsync();

        var calibration = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1/calibration");
        Assert.Equal(HttpStatusCode.OK, calibration.StatusCode);
        Assert.Equal(version.GetProperty("calibration").GetRawText(), (await calibration.JsonAsync()).GetRawText());
        var importance = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1/importance");
        Assert.Equal(HttpStatusCode.OK, importance.StatusCode);
        Assert.Equal(version.GetProperty("importance").GetRawText(), (await importance.JsonAsync()).GetRawText());

        var missing = await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/99/importance");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no version 99", (await missing.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/nope/versions/1/calibration")).StatusCode);
    }

    [Fact]
    public async Task Performance_LabelledPredictions_RealizedCalibration()
    {
        // A window of its own (year 2031) so other tests' predictions do not count.
        var day = new DateTimeOffset(2031, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var logged = await LoggedPredictions.AddAsync(fixture.Factory, 4, day.AddHours(1), probability: i => new[] { 0.75, 0.25, 0.5, 0.9 }[i]);
        using (var scientist = await fixture.Factory.ClientForAsync(Roles.DataScientist))
        {
            var labels = new object[]
            {
                new { predictionId = logged[0].Id, label = "malignant" },
                new { predictionId = logged[1].Id, label = "benign" },
                new { predictionId = logged[2].Id, label = "benign" },
            };
            Assert.Equal(3, (await (await scientist.PostAsJsonAsync("/api/labels", labels)).JsonAsync()).GetProperty("accepted").GetInt32());
        }

        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var body = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?from=2031-03-01T00:00:00Z&to=2031-03-02T00:00:00Z")).JsonAsync();
        var calibration = Assert.Single(body.GetProperty("versions").EnumerateArray().ToList()).GetProperty("calibration");

        // p = [0.75, 0.25, 0.5] against y = [1, 0, 0]: bins (0.7, 0.8], (0.2, 0.3] and (0.4, 0.5] (an edge goes to the lower bin).
        Assert.Equal(3, calibration.GetProperty("count").GetInt32());
        Assert.Equal(1.0 / 3, calibration.GetProperty("ece").GetDouble(), 12);
        var counts = calibration.GetProperty("bins").EnumerateArray().Select(b => b.GetProperty("count").GetInt32()).ToList();
        Assert.Equal([0, 0, 1, 0, 1, 0, 0, 1, 0, 0], counts);
        Assert.Equal(1.0, calibration.GetProperty("bins")[7].GetProperty("fractionPositive").GetDouble());
    }

    [Fact]
    public async Task Performance_NoLabels_CalibrationIsNull()
    {
        var day = new DateTimeOffset(2031, 4, 1, 0, 0, 0, TimeSpan.Zero);
        await LoggedPredictions.AddAsync(fixture.Factory, 2, day.AddHours(1), probability: _ => 0.5);
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);

        var body = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/performance?from=2031-04-01T00:00:00Z&to=2031-04-02T00:00:00Z")).JsonAsync();

        Assert.Equal(JsonValueKind.Null, Assert.Single(body.GetProperty("versions").EnumerateArray().ToList()).GetProperty("calibration").ValueKind);
    }
}
