using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Portal.Core.Auth;
using Portal.Core.Datasets;
using Portal.Core.Drift;
using Portal.Core.Predictions;
using Portal.Core.Registry;
using Portal.Core.Retraining;
using Portal.Core.Training;
using Portal.Tests.Hosting;
using Portal.Web.Background;

namespace Portal.Tests.Api;

/// <summary>
/// Retraining end to end on real SQLite with a clock the test moves: policies through the API, the scheduler's pass
/// (<see cref="RetrainingScheduler.RunOnceAsync"/>, what its timer runs) after each move, real training runs, and the
/// pipeline records read back through the API. Every test has its own model; breast_cancer trains in seconds.
/// </summary>
public sealed class RetrainingApiTests : IAsyncLifetime
{
    // Starts now: tokens are minted once, below, and checked against the real time.
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private PortalFactory _factory = null!;
    private HttpClient _admin = null!;
    private HttpClient _scientist = null!;
    private HttpClient _viewer = null!;
    private int _datasetId;

    public async Task InitializeAsync()
    {
        _factory = new PortalFactory { Clock = _clock };
        // The scheduler's own timer stays out of the way: the test takes every pass itself.
        _factory.Settings["Portal:Retraining:CheckIntervalSeconds"] = "86400";
        _admin = await _factory.ClientForAsync(Roles.Admin);
        _scientist = await _factory.ClientForAsync(Roles.DataScientist);
        _viewer = await _factory.ClientForAsync(Roles.Viewer);
        _datasetId = await _scientist.UploadSampleAsync("breast_cancer.csv");
    }

    public Task DisposeAsync()
    {
        _admin.Dispose();
        _scientist.Dispose();
        _viewer.Dispose();
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private RetrainingScheduler Scheduler => _factory.Services.GetServices<IHostedService>().OfType<RetrainingScheduler>().Single();

    [Fact]
    public async Task Schedule_Nightly_FiresOncePerNightAndNotTwice()
    {
        const string model = "rt-nightly";
        const string off = "rt-nightly-off";
        await ChampionAsync(model);
        await ChampionAsync(off);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { schedule = new { cron = "0 3 * * *" } } });
        await PutPolicyOkAsync(off, new { enabled = false, triggers = new { schedule = new { cron = "0 3 * * *" } } });
        var night = NextThreeAm(_clock.GetUtcNow());

        // Before 03:00: nothing.
        MoveTo(night.AddMinutes(-1));
        await Scheduler.RunOnceAsync(default);
        Assert.Empty(await PipelinesAsync(model));

        // The first pass after 03:00 fires once; more passes the same night do not.
        MoveTo(night.AddMinutes(1));
        var fired = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(RetrainNames.Schedule, fired.Trigger);
        Assert.Equal(night, fired.Evidence.DueAt);
        Assert.Equal("0 3 * * *", fired.Evidence.Cron);
        var first = await WaitAsync(fired.Id);
        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal("registered", first.GetProperty("outcome").GetString());
        for (var i = 0; i < 3; i++)
        {
            _clock.Advance(TimeSpan.FromHours(1));
            await Scheduler.RunOnceAsync(default);
        }

        Assert.Single(await PipelinesAsync(model));

        // The next night fires again; the disabled policy never fired.
        MoveTo(night.AddDays(1).AddMinutes(1));
        var second = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(night.AddDays(1), second.Evidence.DueAt);
        await WaitAsync(second.Id);
        Assert.Equal(2, (await PipelinesAsync(model)).Count);
        Assert.Empty(await PipelinesAsync(off));
    }

    [Fact]
    public async Task Schedule_ARunOfTheModelIsQueued_FiresNoSecond()
    {
        const string model = "rt-queued";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { schedule = new { cron = "0 3 * * *" } } });
        // A run a person queued (stored, never handed to the worker, so it stays queued).
        var now = _clock.GetUtcNow();
        await _factory.Services.GetRequiredService<ITrainingRunStore>().AddAsync(new TrainingRun(Guid.CreateVersion7(now), model, RunStatus.Queued, 0, null, null, null,
            new TrainingRequest(_datasetId, "diagnosis", "malignant"), "someone", now, null));

        MoveTo(NextThreeAm(_clock.GetUtcNow()).AddMinutes(1));

        Assert.DoesNotContain(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Empty(await PipelinesAsync(model));
    }

    [Fact]
    public async Task Schedule_GlobalSwitchOff_FiresNothingAndTheOccurrencePassesUnfired()
    {
        const string model = "rt-switch";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { schedule = new { cron = "0 3 * * *" } } });
        MoveTo(NextThreeAm(_clock.GetUtcNow()).AddMinutes(5));
        var retraining = _factory.Services.GetRequiredService<RetrainingService>();

        Assert.DoesNotContain(await retraining.RunOnceAsync(enabled: false), p => p.Model == model);
        // Switched back on the same night: the occurrence that passed while off does not fire late.
        Assert.DoesNotContain(await retraining.RunOnceAsync(enabled: true), p => p.Model == model);
        Assert.Empty(await PipelinesAsync(model));
    }

    [Fact]
    public async Task Drift_TurnsCritical_RetrainsAndTheCandidateBecomesChallenger()
    {
        const string model = "rt-drift";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { drift = new { level = "critical" } }, action = new { type = "challenger" } });
        _clock.Advance(TimeSpan.FromMinutes(5));

        await AddDriftRunAsync(model, DriftStatuses.Warning, 0.35);
        Assert.DoesNotContain(await Scheduler.RunOnceAsync(default), p => p.Model == model);

        var critical = await AddDriftRunAsync(model, DriftStatuses.Critical, 0.6);
        var fired = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(RetrainNames.Drift, fired.Trigger);
        Assert.Equal(critical.Id, fired.Evidence.DriftRunId);
        Assert.Equal(DriftStatuses.Critical, fired.Evidence.DriftStatus);

        var done = await WaitAsync(fired.Id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal("challenger", done.GetProperty("outcome").GetString());
        Assert.Equal(2, done.GetProperty("version").GetInt32());
        Assert.Equal(["trigger", "data", "training", "training", "candidate", "gates", "action"], Steps(done).Select(s => s.GetProperty("step").GetString()));
        var summary = (await Registry.GetModelAsync(model))!.Summary;
        Assert.Equal(2, summary.ChallengerVersion);
        Assert.Equal(1, summary.ChampionVersion);
        // The same drift run does not fire twice.
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.DoesNotContain(await Scheduler.RunOnceAsync(default), p => p.Model == model);
    }

    [Fact]
    public async Task Labels_ArriveAndTrainFromOutcomes_LineageNamesTheWindowAndTheHeaderHasNoOutputs()
    {
        const string model = "rt-labels";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new
        {
            enabled = true,
            triggers = new { labels = new { count = 60 } },
            data = new { source = "outcomes", windowHours = 24, minLabelledRows = 50 },
        });
        _clock.Advance(TimeSpan.FromMinutes(5));
        var logged = await LogPredictionsAsync(model, 90);

        await LabelAsync(logged.Take(40));
        Assert.DoesNotContain(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        await LabelAsync(logged.Skip(40).Take(30));
        var fired = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(RetrainNames.Labels, fired.Trigger);
        Assert.Equal(70, fired.Evidence.LabelCount);

        var done = await WaitAsync(fired.Id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var lineage = done.GetProperty("lineage");
        var window = lineage.GetProperty("outcomes");
        Assert.Equal(70, window.GetProperty("rows").GetInt32());
        Assert.Equal(_clock.GetUtcNow() - TimeSpan.FromHours(24), window.GetProperty("from").GetDateTimeOffset());
        var trained = lineage.GetProperty("datasets").EnumerateArray().Single(d => d.GetProperty("role").GetString() == "training");
        var datasetId = trained.GetProperty("id").GetInt32();
        Assert.Equal(datasetId, lineage.GetProperty("trainingDatasetId").GetInt32());
        Assert.Equal(70, trained.GetProperty("rows").GetInt32());

        var datasets = _factory.Services.GetRequiredService<DatasetService>();
        var dataset = (await datasets.GetAsync(datasetId))!;
        Assert.Equal(dataset.Sha256, trained.GetProperty("sha256").GetString());
        var champion = (await Registry.GetVersionAsync(model, 1))!;
        Assert.Equal([.. champion.Schema.Features.Select(f => f.Name), "diagnosis"], StoredTables.Read(datasets, dataset).Headers);
        Assert.DoesNotContain("predicted_label", StoredTables.Read(datasets, dataset).Headers);
        Assert.DoesNotContain("probability", StoredTables.Read(datasets, dataset).Headers);
        var version = (await Registry.GetVersionAsync(model, done.GetProperty("version").GetInt32()))!;
        Assert.Equal(datasetId, version.DatasetId);
    }

    [Fact]
    public async Task Performance_RealizedAucBelowThreshold_Retrains()
    {
        const string model = "rt-performance";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { performance = new { metric = "auc", threshold = 0.7, windowHours = 24 } } });
        _clock.Advance(TimeSpan.FromMinutes(5));
        // Every logged probability is the same: the realized AUC is 0.5, whatever the labels.
        var logged = await LogPredictionsAsync(model, 20);
        await LabelAsync(logged);
        Assert.DoesNotContain(await Scheduler.RunOnceAsync(default), p => p.Model == model); // 20 labelled rows are too few to judge
        _clock.Advance(TimeSpan.FromMinutes(1));
        var more = await LogPredictionsAsync(model, 60);
        await LabelAsync(more.Skip(20));

        var fired = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(RetrainNames.Performance, fired.Trigger);
        Assert.Equal("auc", fired.Evidence.Metric);
        Assert.Equal(0.5, fired.Evidence.MetricValue!.Value, 6);
        Assert.Equal(0.7, fired.Evidence.Threshold);
        Assert.Equal("succeeded", (await WaitAsync(fired.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Performance_EstimatedAucBelowThreshold_RetrainsBeforeAnyLabel()
    {
        const string model = "rt-estimated";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { enabled = true, triggers = new { performance = new { metric = "auc", threshold = 0.7, windowHours = 24, source = "estimated" } } });
        _clock.Advance(TimeSpan.FromMinutes(5));
        // Every logged probability is the same: the expected ROC is the diagonal, an estimated AUC of 0.5, and no label is needed.
        await LogPredictionsAsync(model, 60);

        var fired = Assert.Single(await Scheduler.RunOnceAsync(default), p => p.Model == model);
        Assert.Equal(RetrainNames.Performance, fired.Trigger);
        Assert.Equal("estimated", fired.Evidence.Source);
        Assert.Equal(0.5, fired.Evidence.MetricValue!.Value, 9);
        Assert.Equal("succeeded", (await WaitAsync(fired.Id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gates_CandidateFailsMinAuc_RejectedWithTheGatesEvidenceAndNoAliasMoved()
    {
        const string model = "rt-gate";
        await ChampionAsync(model);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/models/{model}/gates", new { minAuc = 0.9999 })).StatusCode);
        await PutPolicyOkAsync(model, new { action = new { type = "challenger" } });

        var accepted = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { reason = "drift confirmed" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.JsonAsync()).GetProperty("pipelineId").GetGuid();
        Assert.Equal($"/api/retraining/pipelines/{id}", accepted.Headers.Location!.OriginalString);

        var done = await WaitAsync(id);
        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("outcome").ValueKind);
        var gates = Steps(done).Last();
        Assert.Equal("gates", gates.GetProperty("step").GetString());
        Assert.Equal("rejected", gates.GetProperty("outcome").GetString());
        var minAuc = gates.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("name").GetString() == "minAuc");
        Assert.False(minAuc.GetProperty("passed").GetBoolean());
        Assert.Equal(0.9999, minAuc.GetProperty("threshold").GetDouble());
        Assert.True(minAuc.GetProperty("actual").GetDouble() < 0.9999);
        Assert.Contains("gate", done.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var summary = (await Registry.GetModelAsync(model))!.Summary;
        Assert.Null(summary.ChallengerVersion);
        Assert.Equal(1, summary.ChampionVersion);
        var trigger = Steps(done).First();
        Assert.Contains("drift confirmed", trigger.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outcomes_AppendedToTheChampionsDataset_LineageNamesBothDatasets()
    {
        const string model = "rt-append";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { data = new { source = "outcomes", windowHours = 24, append = true, minLabelledRows = 50 } });
        var logged = await LogPredictionsAsync(model, 60);
        await LabelAsync(logged);

        var accepted = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { });
        var done = await WaitAsync((await accepted.JsonAsync()).GetProperty("pipelineId").GetGuid());

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var datasets = done.GetProperty("lineage").GetProperty("datasets").EnumerateArray().ToList();
        Assert.Equal(["appended", "training"], datasets.Select(d => d.GetProperty("role").GetString()));
        Assert.Equal(_datasetId, datasets[0].GetProperty("id").GetInt32());
        Assert.Equal(569 + 60, datasets[1].GetProperty("rows").GetInt32());
        Assert.Equal(60, done.GetProperty("lineage").GetProperty("outcomes").GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task Newest_DatasetLacksAColumn_RejectedSchemaChangedNamingIt()
    {
        const string model = "rt-newest";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { data = new { source = "newest" } });
        var lines = await File.ReadAllLinesAsync(TestPaths.Sample("breast_cancer.csv"));
        var dropped = Array.IndexOf(lines[0].Split(','), "mean_radius");
        var narrow = string.Join('\n', lines.Select(l => string.Join(',', l.Split(',').Where((_, i) => i != dropped))));
        Assert.Equal(HttpStatusCode.Created, (await _scientist.UploadCsvAsync(narrow, "narrow.csv")).StatusCode);

        var accepted = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { });
        var done = await WaitAsync((await accepted.JsonAsync()).GetProperty("pipelineId").GetGuid());

        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.StartsWith("Schema changed", done.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("mean_radius", done.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await Registry.GetModelAsync(model))!.Summary.Versions);
    }

    [Fact]
    public async Task Rollout_ShadowAction_StartsARolloutOfTheCandidate()
    {
        const string model = "rt-rollout";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { action = new { type = "rollout", kind = "shadow" } });

        var accepted = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { });
        var done = await WaitAsync((await accepted.JsonAsync()).GetProperty("pipelineId").GetGuid());

        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal("rollout_started", done.GetProperty("outcome").GetString());
        var rolloutId = done.GetProperty("rolloutId").GetGuid();
        var rollout = await (await _viewer.GetAsync($"/api/models/{model}/rollouts/{rolloutId}")).JsonAsync();
        Assert.Equal("shadow", rollout.GetProperty("kind").GetString());
        Assert.Equal(2, rollout.GetProperty("candidateVersion").GetInt32());
        Assert.Equal(1, (await Registry.GetModelAsync(model))!.Summary.ChampionVersion);
    }

    [Theory]
    [InlineData("rt-few", 10, false, "Too few labelled rows")]
    [InlineData("rt-one-class", 60, true, "A single class")]
    public async Task Outcomes_TooFewRowsOrOneClass_RejectedWithThatReason(string model, int labelled, bool oneClass, string reason)
    {
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { data = new { source = "outcomes", windowHours = 24 } });
        var logged = await LogPredictionsAsync(model, labelled);
        await LabelAsync(logged, oneClass ? "benign" : null);

        var accepted = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var done = await WaitAsync((await accepted.JsonAsync()).GetProperty("pipelineId").GetGuid());

        Assert.Equal("rejected", done.GetProperty("status").GetString());
        Assert.StartsWith(reason, done.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("data", Steps(done).Last().GetProperty("step").GetString());
        Assert.Equal(1, (await Registry.GetModelAsync(model))!.Summary.Versions);
    }

    [Theory]
    [InlineData("""{"triggers":{"schedule":{"cron":"every night"}}}""", "triggers.schedule.cron")]
    [InlineData("""{"triggers":{"schedule":{"cron":"0 3 * *"}}}""", "triggers.schedule.cron")]
    [InlineData("""{"triggers":{"performance":{"metric":"auc","threshold":1.5}}}""", "triggers.performance.threshold")]
    [InlineData("""{"triggers":{"performance":{"metric":"auc","threshold":0}}}""", "triggers.performance.threshold")]
    [InlineData("""{"triggers":{"performance":{"metric":"accuracy","threshold":0.7}}}""", "triggers.performance.metric")]
    [InlineData("""{"triggers":{"performance":{"metric":"auc","threshold":0.7,"source":"guessed"}}}""", "triggers.performance.source")]
    [InlineData("""{"triggers":{"drift":{"level":"ok"}}}""", "triggers.drift.level")]
    [InlineData("""{"triggers":{"labels":{"count":0}}}""", "triggers.labels.count")]
    [InlineData("""{"action":{"type":"rollout","kind":"ab"}}""", "action.kind")]
    [InlineData("""{"action":{"type":"promote"}}""", "action.type")]
    [InlineData("""{"data":{"source":"s3"}}""", "data.source")]
    [InlineData("""{"data":{"source":"outcomes","minLabelledRows":1}}""", "data.minLabelledRows")]
    [InlineData("""{"training":{"mode":"sweep","trainers":["xgboost"]}}""", "training.trainers")]
    [InlineData("""{"training":{"mode":"sweep","trainers":["FastTree"],"folds":1}}""", "training.folds")]
    [InlineData("""{"minIntervalMinutes":-5}""", "minIntervalMinutes")]
    public async Task PutPolicy_BadField_400NamingItAndNothingStored(string body, string field)
    {
        const string model = "rt-policy";
        await EnsureModelAsync(model);
        var response = await _admin.PutAsync($"/api/models/{model}/retraining", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Null(await _factory.Services.GetRequiredService<RetrainingService>().GetPolicyAsync(model));
    }

    [Fact]
    public async Task Policy_AdminSetsViewerReadsOthersMayNot()
    {
        const string model = "rt-roles";
        await EnsureModelAsync(model);
        var initial = await (await _viewer.GetAsync($"/api/models/{model}/retraining")).JsonAsync();
        Assert.False(initial.GetProperty("enabled").GetBoolean());
        Assert.Equal("champion", initial.GetProperty("training").GetProperty("mode").GetString());

        var policy = new { enabled = true, minIntervalMinutes = 30, triggers = new { schedule = new { cron = "0 3 * * *" } }, action = new { type = "rollout", kind = "shadow" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await _scientist.PutAsJsonAsync($"/api/models/{model}/retraining", policy)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _viewer.PostAsJsonAsync($"/api/models/{model}/retrain", new { })).StatusCode);
        await PutPolicyOkAsync(model, policy);

        var read = await (await _viewer.GetAsync($"/api/models/{model}/retraining")).JsonAsync();
        Assert.True(read.GetProperty("enabled").GetBoolean());
        Assert.Equal(30, read.GetProperty("minIntervalMinutes").GetInt32());
        Assert.Equal("shadow", read.GetProperty("action").GetProperty("kind").GetString());
        Assert.Equal(NextThreeAm(_clock.GetUtcNow()), read.GetProperty("nextScheduledAt").GetDateTimeOffset());
        Assert.Equal("admin", read.GetProperty("updatedBy").GetString());
        var audit = await (await _admin.GetAsync("/api/audit?action=retraining.policy_updated")).JsonAsync();
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("target").GetString() == model);
        Assert.Equal(HttpStatusCode.NotFound, (await _viewer.GetAsync("/api/models/no-such-model/retraining")).StatusCode);
    }

    [Fact]
    public async Task ContractPaths_RetrainPolicyPipelinesAndUrgentQuery_AnswerAsTheNativeRoutes()
    {
        const string model = "rt-contract";
        await ChampionAsync(model);

        var put = await _admin.PutAsJsonAsync($"/api/models/{model}/retrain-policy", new { enabled = true, minIntervalMinutes = 120 });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _scientist.PutAsJsonAsync($"/api/models/{model}/retrain-policy", new { enabled = false })).StatusCode);
        var native = await (await _viewer.GetAsync($"/api/models/{model}/retraining")).JsonAsync();
        var alias = await (await _viewer.GetAsync($"/api/models/{model}/retrain-policy")).JsonAsync();
        Assert.Equal(120, alias.GetProperty("minIntervalMinutes").GetInt32());
        Assert.Equal(native.GetRawText(), alias.GetRawText());

        var first = await _scientist.PostAsync($"/api/models/{model}/retrain", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await WaitAsync((await first.JsonAsync()).GetProperty("pipelineId").GetGuid());
        // Within the minimum interval only '?urgent=true' (the runbook's --urgent) starts another.
        Assert.Equal(HttpStatusCode.Conflict, (await _scientist.PostAsync($"/api/models/{model}/retrain", null)).StatusCode);
        var urgent = await _scientist.PostAsync($"/api/models/{model}/retrain?urgent=true", null);
        Assert.Equal(HttpStatusCode.Accepted, urgent.StatusCode);
        var done = await WaitAsync((await urgent.JsonAsync()).GetProperty("pipelineId").GetGuid());
        Assert.True(done.GetProperty("evidence").GetProperty("urgent").GetBoolean());

        var pipelines = await (await _viewer.GetAsync($"/api/models/{model}/pipelines")).JsonAsync();
        Assert.Equal(2, pipelines.GetArrayLength());
        Assert.Equal((await (await _viewer.GetAsync($"/api/models/{model}/retraining/pipelines")).JsonAsync()).GetRawText(), pipelines.GetRawText());
    }

    [Fact]
    public async Task Manual_RunningOrWithinMinInterval_409_UrgentBypassesTheInterval()
    {
        const string model = "rt-manual";
        await ChampionAsync(model);
        await PutPolicyOkAsync(model, new { minIntervalMinutes = 120 });
        var store = _factory.Services.GetRequiredService<IRetrainingStore>();

        // A pipeline is running (its run queued): neither a person nor a due trigger starts a second.
        var now = _clock.GetUtcNow();
        var running = new RetrainPipeline(Guid.CreateVersion7(now), model, RetrainNames.Manual, new RetrainEvidence(By: "someone"), RetrainNames.Running, null, now, null,
            "someone", RetrainPolicy.Default, [new RetrainStep(RetrainNames.StepTrigger, now, RetrainNames.Passed, "test")]);
        await store.AddPipelineAsync(running);
        var conflict = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { urgent = true });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("running already", (await conflict.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        await store.UpdatePipelineAsync(running with { Status = RetrainNames.Failed, FinishedAt = now });

        // Within the minimum interval of the last start: 409 unless urgent.
        _clock.Advance(TimeSpan.FromMinutes(30));
        var tooSoon = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, tooSoon.StatusCode);
        Assert.Contains("urgent", (await tooSoon.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var urgent = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { reason = "drift confirmed", urgent = true });
        Assert.Equal(HttpStatusCode.Accepted, urgent.StatusCode);
        var done = await WaitAsync((await urgent.JsonAsync()).GetProperty("pipelineId").GetGuid());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("evidence").GetProperty("urgent").GetBoolean());

        // After the interval, an ordinary retrain starts again.
        _clock.Advance(TimeSpan.FromMinutes(121));
        var later = await _scientist.PostAsJsonAsync($"/api/models/{model}/retrain", new { });
        Assert.Equal(HttpStatusCode.Accepted, later.StatusCode);
        await WaitAsync((await later.JsonAsync()).GetProperty("pipelineId").GetGuid());
        var list = await (await _viewer.GetAsync($"/api/models/{model}/retraining/pipelines")).JsonAsync();
        Assert.Equal(3, list.GetArrayLength());
        Assert.True(list[0].GetProperty("startedAt").GetDateTimeOffset() > list[1].GetProperty("startedAt").GetDateTimeOffset());
        var audit = await (await _admin.GetAsync("/api/audit?action=retraining.requested")).JsonAsync();
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("target").GetString() == model);
    }

    private IModelRegistry Registry => _factory.Services.GetRequiredService<IModelRegistry>();

    private void MoveTo(DateTimeOffset at)
    {
        Assert.True(at >= _clock.GetUtcNow(), "the clock only moves forward");
        _clock.Advance(at - _clock.GetUtcNow());
    }

    private static DateTimeOffset NextThreeAm(DateTimeOffset from)
    {
        var day = new DateTimeOffset(from.UtcDateTime.Date, TimeSpan.Zero).AddHours(3);
        return day > from ? day : day.AddDays(1);
    }

    private async Task ChampionAsync(string model)
    {
        var run = await _scientist.PostAsJsonAsync($"/api/models/{model}/train", new { datasetId = _datasetId, label = "diagnosis", positiveClass = "malignant" });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        Assert.NotNull((await _factory.WaitForRunAsync((await run.JsonAsync()).GetProperty("runId").GetGuid())).Version);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/models/{model}/versions/1/promote", new { reason = "baseline" })).StatusCode);
    }

    private async Task EnsureModelAsync(string model)
    {
        if (await Registry.GetModelAsync(model) is null) await ChampionAsync(model);
    }

    private async Task PutPolicyOkAsync(string model, object policy)
    {
        var response = await _admin.PutAsJsonAsync($"/api/models/{model}/retraining", policy);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<JsonElement>> PipelinesAsync(string model) =>
        (await (await _viewer.GetAsync($"/api/models/{model}/retraining/pipelines")).JsonAsync()).EnumerateArray().ToList();

    private async Task<JsonElement> WaitAsync(Guid id)
    {
        JsonElement pipeline = default;
        await Eventually.TrueAsync(async () =>
        {
            pipeline = await (await _viewer.GetAsync($"/api/retraining/pipelines/{id}")).JsonAsync();
            return pipeline.GetProperty("status").GetString() != "running";
        }, TimeSpan.FromMinutes(3), $"pipeline {id} to end");
        return pipeline;
    }

    private static List<JsonElement> Steps(JsonElement pipeline) => pipeline.GetProperty("steps").EnumerateArray().ToList();

    private async Task<DriftRun> AddDriftRunAsync(string model, string status, double share)
    {
        var now = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromMinutes(1));
        return await _factory.Services.GetRequiredService<IDriftRunStore>().AddAsync(
            new DriftRun(0, model, 1, now, now.AddHours(-24), now, 200, 455, share, share >= 0.5, status, 4.2, DriftTriggers.Schedule, new DriftReport([], [])));
    }

    /// <summary>breast_cancer's rows logged as the champion's predictions of the last hours, each with its true diagnosis.</summary>
    private async Task<List<(PredictionRecord Record, string Truth)>> LogPredictionsAsync(string model, int count)
    {
        var lines = File.ReadLines(TestPaths.Sample("breast_cancer.csv")).Select(l => l.Split(',')).ToList();
        var label = Array.IndexOf(lines[0], "diagnosis");
        var start = _clock.GetUtcNow().AddHours(-2);
        var logged = lines.Skip(1).Take(count).Select((values, i) =>
        {
            var inputs = "{" + string.Join(",", lines[0].Select((name, c) => (name, c)).Where(p => p.c != label)
                .Select(p => $"\"{p.name}\":{double.Parse(values[p.c], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}")) + "}";
            var at = start.AddSeconds(i);
            return (new PredictionRecord(PredictionIds.Next(at), model, 1, "champion", inputs, "benign", 0.2, 1, at), values[label]);
        }).ToList();
        await _factory.Services.GetRequiredService<IPredictionStore>().AddBatchAsync(logged.Select(l => l.Item1).ToList());
        return logged;
    }

    private async Task LabelAsync(IEnumerable<(PredictionRecord Record, string Truth)> logged, string? every = null)
    {
        var response = await _scientist.PostAsJsonAsync("/api/labels", logged.Select(l => new { predictionId = l.Record.Id, label = every ?? l.Truth }).ToArray());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.JsonAsync()).GetProperty("rejected").GetArrayLength());
    }
}
