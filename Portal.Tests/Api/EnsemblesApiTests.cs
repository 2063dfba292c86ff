using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Serving;
using Portal.Core.Training;

namespace Portal.Tests.Api;

/// <summary>
/// Ensembles through the API on real SQLite: created from two trained versions, evaluated, served as the weighted mean of
/// their probabilities (pinned, as champion, as a canary's candidate, after a restart), listed by the status endpoints,
/// and refused with the field named (and nothing registered) for every kind of bad input.
/// </summary>
public sealed class EnsemblesApiTests(LifecycleFixture fx) : IClassFixture<LifecycleFixture>
{
    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<double> ProbabilityAsync(HttpClient client, string model, string query = "")
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predict{query}", new { features = LifecycleFixture.FirstRow() });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("probability").GetDouble();
    }

    private static async Task<int> VersionCountAsync(HttpClient client, string model) =>
        (await (await client.GetAsync($"/api/models/{model}")).JsonAsync()).GetProperty("versions").GetArrayLength();

    [Fact]
    public async Task Create_ServesTheWeightedMean_PinnedAsChampionAndAsACanaryCandidate_AndTheStatusListsIt()
    {
        const string model = "ens-life";
        var v1 = await fx.TrainAsync(model);
        var v2 = await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, v1)).StatusCode);

        var response = await fx.Scientist.PostAsync($"/api/models/{model}/ensembles",
            Json($$"""{"components":[{"version":{{v1}},"weight":1},{"version":{{v2}},"weight":3}],"description":"strong and weak"}"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var ensemble = body.GetProperty("version").GetInt32();
        Assert.Equal(3, ensemble);
        Assert.Equal($"/api/models/{model}/versions/{ensemble}", response.Headers.Location?.OriginalString);
        Assert.Equal("Ensemble", body.GetProperty("trainer").GetString());
        Assert.InRange(body.GetProperty("metrics").GetProperty("auc").GetDouble(), 0.8, 1);
        Assert.True(body.GetProperty("metrics").GetProperty("testRows").GetInt32() > 50);
        Assert.StartsWith("test split (20%, seed 1) of dataset", body.GetProperty("evaluatedOn").GetString());
        var components = body.GetProperty("components");
        Assert.Equal([v1, v2], components.EnumerateArray().Select(c => c.GetProperty("version").GetInt32()));
        Assert.Equal([1.0, 3.0], components.EnumerateArray().Select(c => c.GetProperty("weight").GetDouble()));
        Assert.All(components.EnumerateArray(), c => Assert.Equal(JsonValueKind.Number, c.GetProperty("contribution").ValueKind));
        Assert.True(components[0].GetProperty("auc").GetDouble() > components[1].GetProperty("auc").GetDouble(), "the weak version scores lower alone");

        // Pinned: the weighted mean of what each component answers for the same row.
        var p1 = await ProbabilityAsync(fx.Admin, model, $"?version={v1}");
        var p2 = await ProbabilityAsync(fx.Admin, model, $"?version={v2}");
        var pinned = await ProbabilityAsync(fx.Admin, model, $"?version={ensemble}");
        Assert.Equal(0.25 * p1 + 0.75 * p2, pinned, 5);

        // A canary with the ensemble as candidate starts, and the status says where it serves.
        var rollout = await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "canary", candidateVersion = ensemble });
        Assert.Equal(HttpStatusCode.Created, rollout.StatusCode);
        var status = await (await fx.Admin.GetAsync($"/api/models/{model}/ensemble")).JsonAsync();
        Assert.Equal(["rollout-candidate"], status[0].GetProperty("servesAs").EnumerateArray().Select(s => s.GetString()));
        Assert.True(status[0].GetProperty("loaded").GetBoolean());
        var rolloutId = (await rollout.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await fx.Admin.PostAsJsonAsync($"/api/models/{model}/rollouts/{rolloutId}/abort", new { reason = "test" })).StatusCode);

        // Promoted: the champion answers with the ensemble's version and the same probability.
        Assert.Equal(HttpStatusCode.OK, (await fx.PromoteAsync(model, ensemble)).StatusCode);
        Assert.Equal(ensemble, await fx.ServingVersionAsync(model));
        Assert.Equal(pinned, await ProbabilityAsync(fx.Admin, model), 6);

        using var viewer = await fx.Factory.ClientForAsync(Roles.Viewer);
        var mine = await (await viewer.GetAsync($"/api/models/{model}/ensemble")).JsonAsync();
        var e = mine.EnumerateArray().Single();
        Assert.Equal(["champion"], e.GetProperty("servesAs").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal($"ensemble of v{v1} (compiled), v{v2} (compiled)", e.GetProperty("scorer").GetString());
        Assert.Equal("strong and weak", e.GetProperty("description").GetString());
        var parts = e.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal([0.25, 0.75], parts.Select(c => c.GetProperty("share").GetDouble()));
        Assert.All(parts, c => Assert.True(c.GetProperty("loaded").GetBoolean()));
        Assert.All(parts, c => Assert.Equal("compiled", c.GetProperty("scorerKind").GetString()));
        Assert.Equal("Archived", parts[0].GetProperty("stage").GetString()); // the replaced champion
        Assert.Equal("archived: still serves inside the ensemble", parts[0].GetProperty("stageNote").GetString());

        var all = await (await viewer.GetAsync("/api/ml/ensemble/status")).JsonAsync();
        Assert.Contains(all.GetProperty("ensembles").EnumerateArray(), x => x.GetProperty("model").GetString() == model && x.GetProperty("version").GetInt32() == ensemble);
    }

    [Fact]
    public async Task Create_AsAViewer_IsForbidden()
    {
        using var viewer = await fx.Factory.ClientForAsync(Roles.Viewer);
        var response = await viewer.PostAsync("/api/models/any/ensembles", Json("""{"components":[{"version":1},{"version":2}]}"""));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Create_ForAnUnknownModel_Is404()
    {
        var response = await fx.Scientist.PostAsync("/api/models/no-such-model/ensembles", Json("""{"components":[{"version":1},{"version":2}]}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>v1, v2 FastTree; v3 an ensemble; v4 with the other positive class; v5 without a feature; v6 with the label renamed.</summary>
    private async Task<string> BadInputModelAsync()
    {
        const string model = "ens-bad";
        if ((await fx.Admin.GetAsync($"/api/models/{model}")).StatusCode == HttpStatusCode.OK) return model;
        await fx.TrainAsync(model);
        await fx.TrainAsync(model, LifecycleFixture.Weak);
        Assert.Equal(HttpStatusCode.Created, (await fx.Scientist.PostAsync($"/api/models/{model}/ensembles", Json("""{"components":[{"version":1},{"version":2}]}"""))).StatusCode);
        await TrainOnAsync(model, fx.DatasetId, "diagnosis", "benign");
        var lines = await File.ReadAllLinesAsync(TestPaths.Sample("breast_cancer.csv"));
        var header = lines[0].Split(',');
        var drop = Array.IndexOf(header, "worst_fractal_dimension");
        var narrow = string.Join("\n", lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != drop))));
        await TrainOnAsync(model, await UploadAsync(narrow, "narrow.csv"), "diagnosis", "malignant");
        var renamed = string.Join("\n", lines.Select((l, i) => i == 0 ? l.Replace("diagnosis", "outcome") : l));
        await TrainOnAsync(model, await UploadAsync(renamed, "renamed.csv"), "outcome", "malignant");
        return model;
    }

    private async Task<int> UploadAsync(string csv, string name)
    {
        var response = await fx.Scientist.UploadCsvAsync(csv, name);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt32();
    }

    private async Task TrainOnAsync(string model, int dataset, string label, string positive)
    {
        var response = await fx.Scientist.PostAsJsonAsync($"/api/models/{model}/train", new { datasetId = dataset, label, positiveClass = positive, options = LifecycleFixture.Weak });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await fx.Factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid());
        Assert.True(run.Version is not null, run.Error);
    }

    [Theory]
    [InlineData("""{"components":[]}""", "components")]
    [InlineData("""{}""", "components")]
    [InlineData("""{"components":[{"version":1}]}""", "components")]
    [InlineData("""{"components":[{"version":1},{"version":2},{"version":4},{"version":5},{"version":6},{"version":1}]}""", "components")]
    [InlineData("""{"components":[{"version":1},{"version":99}]}""", "components[1].version")]
    [InlineData("""{"components":[{"version":1},{"version":1}]}""", "components[1].version")]
    [InlineData("""{"components":[{"version":1},{"version":3}]}""", "components[1].version")]
    [InlineData("""{"components":[{"version":1},{"version":4}]}""", "components[1].version")]
    [InlineData("""{"components":[{"version":1},{"version":5}]}""", "components[1].version")]
    [InlineData("""{"components":[{"version":1},{"version":6}]}""", "components[1].version")]
    [InlineData("""{"components":[{"weight":2},{"version":2}]}""", "components[0].version")]
    [InlineData("""{"components":[{"version":1,"weight":0},{"version":2}]}""", "components[0].weight")]
    [InlineData("""{"components":[{"version":1,"weight":-1},{"version":2}]}""", "components[0].weight")]
    [InlineData("""{"components":[{"version":1,"weight":"NaN"},{"version":2}]}""", "components[0].weight")]
    [InlineData("""{"components":[{"version":1},{"version":2,"weight":"Infinity"}]}""", "components[1].weight")]
    public async Task Create_BadInput_Is400NamingTheFieldAndRegistersNothing(string body, string field)
    {
        var model = await BadInputModelAsync();
        var before = await VersionCountAsync(fx.Admin, model);

        var response = await fx.Scientist.PostAsync($"/api/models/{model}/ensembles", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"no error for {field}: {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
        Assert.Equal(before, await VersionCountAsync(fx.Admin, model));
    }

    [Fact]
    public async Task Restart_ServesTheEnsembleChampionAgain()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        double before;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            using var admin = await first.ClientForAsync(Roles.Admin);
            var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
            foreach (var trees in new[] { 20, 3 })
            {
                var train = await scientist.PostAsJsonAsync("/api/models/ens-restart/train",
                    new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", options = new Dictionary<string, double> { ["numberOfTrees"] = trees } });
                var run = await first.WaitForRunAsync((await train.JsonAsync()).GetProperty("runId").GetGuid());
                Assert.True(run.Version is not null, run.Error);
            }

            Assert.Equal(HttpStatusCode.Created, (await scientist.PostAsync("/api/models/ens-restart/ensembles", Json("""{"components":[{"version":1},{"version":2,"weight":2}]}"""))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/models/ens-restart/versions/3/promote", new { reason = "test" })).StatusCode);
            before = await ProbabilityAsync(admin, "ens-restart");
        }

        using var second = new PortalFactory { Root = root };
        using var again = await second.ClientForAsync(Roles.Admin);
        var champion = second.Services.GetRequiredService<ModelServer>().Snapshot().Single().Champion;
        Assert.Equal(3, champion?.Version);
        Assert.Equal("ensemble", champion?.ScorerKind);
        Assert.Equal(before, await ProbabilityAsync(again, "ens-restart"), 6);
    }

    [Fact]
    public async Task PromoteOrRollout_WhenAComponentNoLongerLoads_IsRefusedNamingTheComponent()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false })
        {
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            using var admin = await first.ClientForAsync(Roles.Admin);
            var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
            foreach (var trees in new[] { 20, 3 })
            {
                var train = await scientist.PostAsJsonAsync("/api/models/ens-broken/train",
                    new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", options = new Dictionary<string, double> { ["numberOfTrees"] = trees } });
                var run = await first.WaitForRunAsync((await train.JsonAsync()).GetProperty("runId").GetGuid());
                Assert.True(run.Version is not null, run.Error);
            }

            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/models/ens-broken/versions/1/promote", new { reason = "test" })).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await scientist.PostAsync("/api/models/ens-broken/ensembles", Json("""{"components":[{"version":1},{"version":2}]}"""))).StatusCode);
        }

        // v2's artefact altered while the portal was down: v2 is not loaded after the restart (it serves under no alias).
        await File.AppendAllTextAsync(Path.Combine(root, "models", "ens-broken", "v2.zip"), "altered");
        using var second = new PortalFactory { Root = root };
        using var client = await second.ClientForAsync(Roles.Admin);

        var promote = await client.PostAsJsonAsync("/api/models/ens-broken/versions/3/promote", new { reason = "test" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, promote.StatusCode);
        Assert.Contains("its component v2 cannot serve", (await promote.JsonAsync()).GetProperty("detail").GetString());
        var rollout = await client.PostAsJsonAsync("/api/models/ens-broken/rollouts", new { kind = "canary", candidateVersion = 3 });
        Assert.Equal(HttpStatusCode.BadRequest, rollout.StatusCode);
        Assert.Contains("its component v2 cannot serve", (await rollout.JsonAsync()).GetProperty("errors").GetProperty("candidateVersion")[0].GetString());
        Assert.Equal(1, second.Services.GetRequiredService<ModelServer>().Snapshot().Single().Champion?.Version);
    }
}
