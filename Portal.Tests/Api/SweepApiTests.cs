using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Core.Auth;

namespace Portal.Tests.Api;

/// <summary>Sweeps through POST /api/models/{name}/train: the run's stored sweep, the registered version, and the 400s.</summary>
public sealed class SweepApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public async Task Train_Sweep_RunKeepsEveryCandidateAndRegistersTheChosenOne()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var start = await client.PostAsJsonAsync("/api/models/swept/train", new
        {
            datasetId = fixture.DatasetId, label = "diagnosis", positiveClass = "malignant",
            trainers = new[] { "FastTree", "LogisticRegression" },
            grid = new Dictionary<string, object>
            {
                ["FastTree"] = new { numberOfTrees = new[] { 3, 20 } },
                ["LogisticRegression"] = new { l2Regularization = new[] { 0.01, 50 } },
            },
            folds = 3,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.JsonAsync()).GetProperty("runId").GetGuid();
        await fixture.Factory.WaitForRunAsync(runId);

        var run = await (await client.GetAsync($"/api/runs/{runId}")).JsonAsync();
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(1.0, run.GetProperty("progress").GetDouble());
        Assert.Equal(["FastTree", "LogisticRegression"], run.GetProperty("trainers").EnumerateArray().Select(t => t.GetString()));
        var sweep = run.GetProperty("sweep");
        Assert.Equal(3, sweep.GetProperty("folds").GetInt32());
        Assert.Equal("sample", sweep.GetProperty("std").GetString());
        var candidates = sweep.GetProperty("candidates").EnumerateArray().ToList();
        Assert.Equal(4, candidates.Count);
        var means = candidates.Select(c => c.GetProperty("foldAucs").EnumerateArray().Average(a => a.GetDouble())).ToList();
        var best = means.IndexOf(means.Max());
        Assert.Equal([best], candidates.Select((c, i) => (c, i)).Where(x => x.c.GetProperty("chosen").GetBoolean()).Select(x => x.i));
        Assert.Equal(means[best], candidates[best].GetProperty("meanAuc").GetDouble(), 12);

        // The version is the chosen candidate: its trainer and options.
        var chosen = candidates[best];
        Assert.Equal(chosen.GetProperty("trainer").GetString(), run.GetProperty("trainer").GetString());
        var version = await (await client.GetAsync($"/api/models/swept/versions/{run.GetProperty("version").GetInt32()}")).JsonAsync();
        Assert.Equal(chosen.GetProperty("trainer").GetString(), version.GetProperty("trainer").GetString());
        foreach (var option in chosen.GetProperty("options").EnumerateObject())
            Assert.Equal(option.Value.GetDouble(), version.GetProperty("options").GetProperty(option.Name).GetDouble());
        Assert.Equal(runId, version.GetProperty("runId").GetGuid());
    }

    [Fact]
    public async Task Train_SingleTrainer_RunHasNoSweep()
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.Viewer);
        var run = await (await client.GetAsync($"/api/runs/{fixture.RunId}")).JsonAsync();
        Assert.Equal(JsonValueKind.Null, run.GetProperty("sweep").ValueKind);
        Assert.Equal("FastTree", run.GetProperty("trainer").GetString());
    }

    [Theory]
    [InlineData("\"trainers\":[\"FastTree\",\"Xgb\"]", "trainers[1]")]
    [InlineData("\"trainers\":[]", "trainers")]
    [InlineData("\"trainer\":\"sweepy\"", "trainer")]
    [InlineData("\"trainers\":[\"FastTree\"],\"grid\":{\"LightGbm\":{\"numberOfLeaves\":[8]}}", "grid.LightGbm")]
    [InlineData("\"trainer\":\"auto\",\"grid\":{\"Xgb\":{}}", "grid.Xgb")]
    [InlineData("\"trainer\":\"auto\",\"grid\":{\"FastTree\":{\"numberOfTrees\":[100,0]}}", "grid.FastTree.numberOfTrees")]
    [InlineData("\"trainer\":\"auto\",\"grid\":{\"FastTree\":{\"bogus\":[1]}}", "grid.FastTree.bogus")]
    [InlineData("\"trainer\":\"auto\",\"folds\":1", "folds")]
    [InlineData("\"trainer\":\"auto\",\"folds\":21", "folds")]
    [InlineData("\"folds\":0", "folds")]
    [InlineData("\"trainer\":\"auto\",\"grid\":{\"FastTree\":{\"numberOfTrees\":[1,2,3,4,5,6,7],\"numberOfLeaves\":[2,3,4,5,6,7,8]}}", "grid")]
    public async Task Train_BadSweep_Returns400NamingTheField(string sweep, string field)
    {
        using var client = await fixture.Factory.ClientForAsync(Roles.DataScientist);
        var body = $"{{\"datasetId\":{fixture.DatasetId},\"label\":\"diagnosis\",\"positiveClass\":\"malignant\",{sweep}}}";
        var response = await client.PostAsync("/api/models/bad-sweep/train", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}', got {errors}");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/models/bad-sweep")).StatusCode);
    }
}
