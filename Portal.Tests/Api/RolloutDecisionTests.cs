using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Core.Rollouts;
using Portal.Core.Serving;
using Portal.Tests.Hosting;

namespace Portal.Tests.Api;

/// <summary>
/// Rollouts decided on their own, end to end through the API on real SQLite with a clock the test moves: predictions
/// through the predict endpoint (sticky keys), labels through the labels endpoint, and one look of the decision loop
/// (<see cref="RolloutDecider.DecideAllAsync"/>, what the worker runs on its timer) after each move.
/// </summary>
public sealed class RolloutDecisionTests : IAsyncLifetime
{
    // Starts now: tokens are checked against the real time.
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private PortalFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _scientist = null!;
    private int _datasetId;
    private static readonly Lazy<(JsonObject Features, string Diagnosis)[]> Rows = new(ReadRows);

    public async Task InitializeAsync()
    {
        _factory = new PortalFactory { Clock = _clock };
        // The loop's own timer stays out of the way: the test takes every look itself.
        _factory.Settings["Portal:Rollouts:DecisionIntervalSeconds"] = "86400";
        _admin = await _factory.ClientForAsync(Roles.Admin);
        _scientist = await _factory.ClientForAsync(Roles.DataScientist);
        _datasetId = await _scientist.UploadSampleAsync("breast_cancer.csv");
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _scientist.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private RolloutDecider Decider => _factory.Services.GetRequiredService<RolloutDecider>();

    [Fact]
    public async Task Canary_BetterCandidate_IsSteppedUpAndPromotedOnItsOwn()
    {
        const string model = "rd-better";
        await ChampionAndCandidateAsync(model, championWeak: true);
        var id = await StartAsync(model, new { kind = "canary", candidateVersion = 2, steps = new[] { 50, 100 }, minSamplesPerStep = 40 });

        // Step 0 (50%): enough candidate predictions, nothing wrong yet (their labels have not arrived): one step up.
        var late = await LabelledTrafficAsync(model, 160, first: 0, correct: arm => arm == "candidate" ? 1.0 : 0.6, upload: false);
        var stepped = await LookAsync(model, id);
        Assert.Equal("running", stepped.GetProperty("state").GetString());
        Assert.Equal(1, stepped.GetProperty("currentStep").GetInt32());
        Assert.Equal(100, stepped.GetProperty("candidateSharePct").GetDouble());
        Assert.Equal("step_up", LastDecision(stepped).GetProperty("action").GetString());

        // Last step (100%): the labels of step 0 arrive, with more traffic: the candidate is better, and promoted.
        await UploadLabelsAsync(late);
        await LabelledTrafficAsync(model, 80, first: 200, correct: _ => 1.0);
        var promoted = await LookAsync(model, id);

        Assert.Equal("promoted", promoted.GetProperty("state").GetString());
        Assert.Equal(2, await ServingVersionAsync(model));
        var history = await (await _admin.GetAsync($"/api/models/{model}/history")).JsonAsync();
        Assert.Equal("system", history[0].GetProperty("by").GetString());
        Assert.Contains($"Rollout {id}", history[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Canary_GatesJudgedOnEstimates_PromotedBeforeAnyLabelArrives()
    {
        const string model = "rd-estimated";
        await ChampionAndCandidateAsync(model, championWeak: true);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/models/{model}/gates", new { minAuc = 0.8 })).StatusCode);
        var id = await StartAsync(model, new { kind = "canary", candidateVersion = 2, steps = new[] { 50, 100 }, minSamplesPerStep = 40, gateSource = "estimated" });

        await LabelledTrafficAsync(model, 160, first: 0, correct: _ => 1.0, upload: false);
        Assert.Equal(1, (await LookAsync(model, id)).GetProperty("currentStep").GetInt32());
        await LabelledTrafficAsync(model, 80, first: 200, correct: _ => 1.0, upload: false);
        var promoted = await LookAsync(model, id);

        Assert.Equal("promoted", promoted.GetProperty("state").GetString());
        Assert.Equal("estimated", promoted.GetProperty("gateSource").GetString());
        var reason = LastDecision(promoted).GetProperty("reason").GetString()!;
        Assert.Contains("every gate passes on estimated metrics: estimated AUC", reason, StringComparison.Ordinal);
        Assert.Contains("without labels) meets the minimum 0.800", reason, StringComparison.Ordinal);
        var candidate = LastDecision(promoted).GetProperty("evidence").GetProperty("candidate");
        Assert.Equal(0, candidate.GetProperty("metricRows").GetInt64());
        Assert.True(candidate.GetProperty("estimated").GetProperty("auc").GetProperty("lower").GetDouble() >= 0.8);
        Assert.Equal(2, await ServingVersionAsync(model));
    }

    [Fact]
    public async Task Canary_WorseCandidate_IsRolledBackOnItsOwn()
    {
        const string model = "rd-worse";
        await ChampionAndCandidateAsync(model, championWeak: false);
        var id = await StartAsync(model, new { kind = "ab", candidateVersion = 2, minSamplesPerStep = 50 });

        await LabelledTrafficAsync(model, 400, first: 0, correct: arm => arm == "candidate" ? 0.55 : 0.98);
        var rolledBack = await LookAsync(model, id);

        Assert.Equal("rolled_back", rolledBack.GetProperty("state").GetString());
        var last = LastDecision(rolledBack);
        Assert.Equal("system", last.GetProperty("by").GetString());
        Assert.False(string.IsNullOrWhiteSpace(last.GetProperty("reason").GetString()));
        Assert.NotEqual(JsonValueKind.Null, last.GetProperty("evidence").ValueKind);
        // Traffic is the champion's again, for every key.
        Assert.Null(_factory.Services.GetRequiredService<ModelServer>().RolloutOf(model));
        for (var key = 0; key < 20; key++) Assert.Equal(1, (await PredictAsync(model, Rows.Value[key].Features, $"k{key}")).Version);
    }

    [Fact]
    public async Task FailingCandidate_ChampionAnswersEveryRequestAndTheErrorsRollItBack()
    {
        const string model = "rd-failing";
        // The candidate is trained without one of the champion's features: every request it is given names a feature it
        // does not take, so it cannot answer.
        var lines = await File.ReadAllLinesAsync(TestPaths.Sample("breast_cancer.csv"));
        var dropped = Array.IndexOf(lines[0].Split(','), "mean_radius");
        var narrow = string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != dropped))));
        var upload = await _scientist.UploadCsvAsync(narrow, "narrow.csv");
        var narrowId = (await upload.JsonAsync()).GetProperty("id").GetInt32();
        foreach (var dataset in new[] { _datasetId, narrowId })
        {
            var run = await _scientist.PostAsJsonAsync($"/api/models/{model}/train", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant" });
            Assert.NotNull((await _factory.WaitForRunAsync((await run.JsonAsync()).GetProperty("runId").GetGuid())).Version);
        }

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "baseline" })).StatusCode);
        var id = await StartAsync(model, new { kind = "ab", candidateVersion = 2 });

        for (var i = 0; i < 300; i++) Assert.Equal(1, (await PredictAsync(model, Rows.Value[i].Features, $"caller-{i}")).Version);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var rolledBack = await LookAsync(model, id);

        Assert.Equal("rolled_back", rolledBack.GetProperty("state").GetString());
        Assert.Contains("failed", LastDecision(rolledBack).GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(LastDecision(rolledBack).GetProperty("evidence").GetProperty("live").GetProperty("candidateErrors").GetInt64() >= 100);
    }

    [Fact]
    public async Task Shadow_ShowsThePairedComparisonOfBothVersionsOnTheSameRows()
    {
        const string model = "rd-shadow";
        await ChampionAndCandidateAsync(model, championWeak: true);
        var id = await StartAsync(model, new { kind = "shadow", candidateVersion = 2, minSamplesPerStep = 1000 });

        var served = new List<(Guid Id, int Version)>();
        for (var i = 0; i < 120; i++)
        {
            var p = await PredictAsync(model, Rows.Value[i].Features, null);
            served.Add((p.Id, p.Version));
        }

        Assert.All(served, s => Assert.Equal(1, s.Version));
        await StoredAsync(served.Select(s => s.Id).ToList());
        await UploadLabelsAsync(served.Select((s, i) => (s.Id, Rows.Value[i].Diagnosis)));
        var store = _factory.Services.GetRequiredService<IRolloutEvidenceStore>();
        var rollout = (await _factory.Services.GetRequiredService<RolloutService>().GetAsync(id))!;
        await Eventually.TrueAsync(async () => (await store.ReadAsync(rollout, rollout.StartedAt, rollout.StartedAt, _clock.GetUtcNow().AddSeconds(1))).Shadow.Predictions == 120,
            TimeSpan.FromSeconds(30), "120 shadow scores stored");

        var detail = await LookAsync(model, id);

        var shadow = detail.GetProperty("evidence").GetProperty("shadow");
        Assert.Equal(120, shadow.GetProperty("pairs").GetInt64());
        Assert.Equal(120, shadow.GetProperty("labelledPairs").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, shadow.GetProperty("mcNemar").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, shadow.GetProperty("deLong").ValueKind);
        Assert.Equal("running", detail.GetProperty("state").GetString());
    }

    [Fact]
    public async Task MaxDuration_TooLittleEvidence_EndsInconclusiveChangingNothing()
    {
        const string model = "rd-slow";
        await ChampionAndCandidateAsync(model, championWeak: true);
        var id = await StartAsync(model, new { kind = "ab", candidateVersion = 2, maxDuration = "1h" });
        await LabelledTrafficAsync(model, 10, first: 0, correct: _ => 1.0);

        _clock.Advance(TimeSpan.FromMinutes(61));
        var ended = await LookAsync(model, id);

        Assert.Equal("inconclusive", ended.GetProperty("state").GetString());
        Assert.Equal(1, await ServingVersionAsync(model));
    }

    [Fact]
    public async Task Restart_InTheMiddle_ResumesTheRolloutBeforeTheFirstRequest()
    {
        var root = Path.Combine(Path.GetTempPath(), "portal-tests", Guid.NewGuid().ToString("N"));
        const string model = "rd-restart";
        Guid id;
        using (var first = new PortalFactory { Root = root, DeleteRootOnDispose = false, Clock = _clock })
        {
            first.Settings["Portal:Rollouts:DecisionIntervalSeconds"] = "86400";
            using var admin = await first.ClientForAsync(Roles.Admin);
            using var scientist = await first.ClientForAsync(Roles.DataScientist);
            var dataset = await scientist.UploadSampleAsync("breast_cancer.csv");
            foreach (var options in new[] { LifecycleFixture.Weak, null })
            {
                var run = await scientist.PostAsJsonAsync($"/api/models/{model}/train", new { datasetId = dataset, label = "diagnosis", positiveClass = "malignant", options });
                Assert.NotNull((await first.WaitForRunAsync((await run.JsonAsync()).GetProperty("runId").GetGuid())).Version);
            }

            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "first" })).StatusCode);
            var created = await admin.PostAsJsonAsync($"/api/models/{model}/rollouts", new { kind = "canary", candidateVersion = 2, steps = new[] { 10, 60, 100 } });
            id = (await created.JsonAsync()).GetProperty("id").GetGuid();
            var rollout = (await first.Services.GetRequiredService<RolloutService>().GetAsync(id))!;
            Assert.NotNull(await first.Services.GetRequiredService<RolloutService>().ApplyAsync(rollout, RolloutAction.StepUp, "test step", null));
        }

        using var second = new PortalFactory { Root = root, Clock = _clock };
        second.Settings["Portal:Rollouts:DecisionIntervalSeconds"] = "86400";
        using var client = await second.ClientForAsync(Roles.Admin);

        // Rebuilt at start-up, before any request: the same rollout at the same step, splitting 60/40.
        var active = second.Services.GetRequiredService<ModelServer>().RolloutOf(model);
        Assert.Equal(id, active?.Rollout.Id);
        Assert.Equal(1, active!.Rollout.CurrentStep);
        Assert.Equal(6000, active.Assigner.CandidateBasisPoints);
        var detail = await (await client.GetAsync($"/api/models/{model}/rollouts/{id}")).JsonAsync();
        Assert.Equal("running", detail.GetProperty("state").GetString());
        Assert.Equal(60, detail.GetProperty("candidateSharePct").GetDouble());
    }

    /// <summary>v1 champion and v2 candidate; the weak one is a single two-leaf tree.</summary>
    private async Task ChampionAndCandidateAsync(string model, bool championWeak)
    {
        foreach (var options in championWeak ? new[] { LifecycleFixture.Weak, null } : [null, LifecycleFixture.Weak])
        {
            var response = await _scientist.PostAsJsonAsync($"/api/models/{model}/train",
                new { datasetId = _datasetId, label = "diagnosis", positiveClass = "malignant", options });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.NotNull((await _factory.WaitForRunAsync((await response.JsonAsync()).GetProperty("runId").GetGuid())).Version);
        }

        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "baseline" })).StatusCode);
    }

    private async Task<Guid> StartAsync(string model, object plan)
    {
        var response = await _admin.PostAsJsonAsync($"/api/models/{model}/rollouts", plan);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// <paramref name="count"/> predictions with sticky keys, then synthetic labels: a prediction is labelled with what it
    /// predicted (correct) for the share <paramref name="correct"/> gives its arm, and with the other class otherwise.
    /// Waits until the log has stored them all, uploads the labels unless told not to (they are returned), and moves the clock a minute.
    /// </summary>
    private async Task<List<(Guid, string)>> LabelledTrafficAsync(string model, int count, int first, Func<string, double> correct, bool upload = true)
    {
        var rollout = (await _factory.Services.GetRequiredService<RolloutService>().ListActiveAsync()).Single(r => r.Model == model);
        var labels = new List<(Guid, string)>();
        var seen = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var row = Rows.Value[(first + i) % Rows.Value.Length];
            var p = await PredictAsync(model, row.Features, $"key-{first + i}");
            var arm = p.Version == rollout.CandidateVersion ? "candidate" : "champion";
            var n = seen[arm] = seen.GetValueOrDefault(arm) + 1;
            // Deterministic shares: the n-th prediction of an arm is correct while n * share stays ahead of the correct ones.
            var right = Math.Floor(n * correct(arm)) > Math.Floor((n - 1) * correct(arm));
            labels.Add((p.Id, right ? p.Label : p.Label == "malignant" ? "benign" : "malignant"));
        }

        await StoredAsync(labels.Select(l => l.Item1).ToList());
        if (upload) await UploadLabelsAsync(labels);
        _clock.Advance(TimeSpan.FromMinutes(1));
        return labels;
    }

    /// <summary>Waits until the prediction log's writer has stored these predictions (labels for others are rejected).</summary>
    private async Task StoredAsync(IReadOnlyCollection<Guid> ids)
    {
        var predictions = _factory.Services.GetRequiredService<IPredictionStore>();
        await Eventually.TrueAsync(async () => (await predictions.GetManyAsync(ids)).Count == ids.Count, TimeSpan.FromSeconds(30), $"{ids.Count} predictions stored");
    }

    private async Task UploadLabelsAsync(IEnumerable<(Guid Id, string Label)> labels)
    {
        var response = await _scientist.PostAsJsonAsync("/api/labels", labels.Select(l => new { predictionId = l.Id, label = l.Label }).ToList());
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (await response.JsonAsync()).GetProperty("rejected").GetArrayLength());
    }

    private async Task<(Guid Id, int Version, string Label)> PredictAsync(string model, JsonObject features, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/models/{model}/predict") { Content = JsonContent.Create(new { features }) };
        if (key is not null) request.Headers.Add(RolloutStickyKey.HeaderName, key);
        var response = await _admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        return (body.GetProperty("predictionId").GetGuid(), body.GetProperty("version").GetInt32(), body.GetProperty("label").GetString()!);
    }

    private async Task<int> ServingVersionAsync(string model) => (await PredictAsync(model, Rows.Value[0].Features, null)).Version;

    /// <summary>One look of the decision loop, then the rollout as the API shows it.</summary>
    private async Task<JsonElement> LookAsync(string model, Guid id)
    {
        await Decider.DecideAllAsync();
        return await (await _admin.GetAsync($"/api/models/{model}/rollouts/{id}")).JsonAsync();
    }

    private static JsonElement LastDecision(JsonElement rollout) => rollout.GetProperty("decisions").EnumerateArray().Last();

    private static (JsonObject, string)[] ReadRows()
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Select(l => l.Split(',')).ToArray();
        var header = lines[0];
        return lines.Skip(1).Select(cells =>
        {
            var row = new JsonObject();
            var diagnosis = "";
            for (var c = 0; c < header.Length; c++)
            {
                if (header[c] == "diagnosis") diagnosis = cells[c];
                else row[header[c]] = double.Parse(cells[c], CultureInfo.InvariantCulture);
            }

            return (row, diagnosis);
        }).ToArray();
    }
}
