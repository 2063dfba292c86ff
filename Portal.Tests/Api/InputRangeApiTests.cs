using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>
/// Inputs far outside the training range: warned about by default, rejected or ignored per model. Its own trained
/// model (class fixture), since the tests change the model's policy.
/// </summary>
public sealed class InputRangeApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string Predict = $"/api/models/{TrainedModelFixture.Model}/predict?version=1";
    private const string Gates = $"/api/models/{TrainedModelFixture.Model}/gates";

    /// <summary>The first data row of breast_cancer.csv; mean_radius ranges 6.981..28.11 there.</summary>
    private static JsonObject Row(double? meanRadius = null)
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Take(2).ToArray();
        var names = lines[0].Split(',');
        var values = lines[1].Split(',');
        var row = new JsonObject();
        for (var i = 0; i < names.Length; i++)
            if (names[i] != "diagnosis") row[names[i]] = double.Parse(values[i], System.Globalization.CultureInfo.InvariantCulture);
        if (meanRadius is { } r) row["mean_radius"] = r;
        return row;
    }

    private async Task SetPolicyAsync(string? policy)
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsJsonAsync(Gates, new { inputRange = policy });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Policies_WarnRejectOff_InOneSequence()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);

        // Default: warn. The prediction is made and the warning names the feature, value and training range.
        Assert.Equal("warn", (await (await admin.GetAsync(Gates)).JsonAsync()).GetProperty("inputRange").GetString());
        var warned = await client.PostAsJsonAsync(Predict, new { features = Row(-500) });
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var w = Assert.Single((await warned.JsonAsync()).GetProperty("warnings").EnumerateArray());
        Assert.Equal("mean_radius", w.GetProperty("feature").GetString());
        Assert.Equal(-500, w.GetProperty("value").GetDouble());
        Assert.Equal(6.981, w.GetProperty("min").GetDouble(), 6);
        Assert.Equal(28.11, w.GetProperty("max").GetDouble(), 6);
        Assert.Contains("far outside the training range", w.GetProperty("message").GetString());

        // In range: an empty list.
        var clean = await (await client.PostAsJsonAsync(Predict, new { features = Row() })).JsonAsync();
        Assert.Empty(clean.GetProperty("warnings").EnumerateArray());

        // Reject: a 400 ProblemDetails naming the feature in errors.
        await SetPolicyAsync("reject");
        var rejected = await client.PostAsJsonAsync(Predict, new { features = Row(-500) });
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        var problem = await rejected.JsonAsync();
        Assert.Contains("far outside", problem.GetProperty("errors").GetProperty("mean_radius")[0].GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync(Predict, new { features = Row() })).StatusCode);

        // A PUT of the gates without inputRange keeps the policy.
        var kept = await admin.PutAsJsonAsync(Gates, new { minAuc = 0.5 });
        Assert.Equal("reject", (await kept.JsonAsync()).GetProperty("inputRange").GetString());

        // Off: scored, no warning.
        await SetPolicyAsync("off");
        var silent = await client.PostAsJsonAsync(Predict, new { features = Row(-500) });
        Assert.Equal(HttpStatusCode.OK, silent.StatusCode);
        Assert.Empty((await silent.JsonAsync()).GetProperty("warnings").EnumerateArray());
        await SetPolicyAsync("warn");
    }

    [Fact]
    public async Task Version_NumericFeatures_CarryTheirTrainingRange()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var version = await (await client.GetAsync($"/api/models/{TrainedModelFixture.Model}/versions/1")).JsonAsync();
        var radius = version.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "mean_radius");
        Assert.Equal(6.981, radius.GetProperty("range").GetProperty("min").GetDouble(), 6);
        Assert.Equal(28.11, radius.GetProperty("range").GetProperty("max").GetDouble(), 6);
    }

    [Fact]
    public async Task SetGates_UnknownPolicy_Returns400NamingInputRange()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var response = await admin.PutAsJsonAsync(Gates, new { inputRange = "shout" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("off, warn or reject", (await response.JsonAsync()).GetProperty("errors").GetProperty("inputRange")[0].GetString());
    }

    [Fact]
    public async Task Batch_WarnsPerRow_AndRejectNamesTheRow()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var warned = await client.PostAsJsonAsync(Predict, new { instances = new[] { Row(), Row(1000), Row() } });
        Assert.Equal(HttpStatusCode.OK, warned.StatusCode);
        var rows = (await warned.JsonAsync()).GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("warnings").GetArrayLength()).ToList();
        Assert.Equal([0, 1, 0], rows);

        await SetPolicyAsync("reject");
        try
        {
            var rejected = await client.PostAsJsonAsync(Predict, new { instances = new[] { Row(), Row(1000) } });
            Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
            var errors = (await rejected.JsonAsync()).GetProperty("errors");
            Assert.Equal(JsonValueKind.Array, errors.GetProperty("instances[1].mean_radius").ValueKind);
            Assert.False(errors.TryGetProperty("instances[0].mean_radius", out _));
        }
        finally
        {
            await SetPolicyAsync("warn");
        }
    }
}
