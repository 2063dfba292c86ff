using System.Net.Http.Json;
using System.Text.Json;
using Portal.Cli;
using Portal.Tests.Api;
using Portal.Tests.Hosting;

namespace Portal.Tests.Cli;

/// <summary>`portal train|retrain|drift-run|drift-status|labels upload|export` against the real app.</summary>
[Collection(CliCollection.Name)]
public sealed class CliMonitoringTests(CliFixture fixture)
{
    [Fact]
    public async Task Train_Wait_RegistersTheVersionAndSaysHowToPromoteIt()
    {
        const string model = "cli-train";

        var result = await fixture.RunAsync("train", model, "--dataset", fixture.Portal.DatasetId.ToString(), "--label", "diagnosis", "--positive", "malignant",
            "--trainer", "LogisticRegression", "--wait");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"^cli-train v1 registered \(LogisticRegression\): test AUC [01]\.\d{3}, F1 [01]\.\d{3}\. Promote it with: portal promote cli-train 1 --reason ""\.\.\.""$", result.Lines[0]);
        Assert.Contains("queued for cli-train; waiting", result.Error, StringComparison.Ordinal);
        var versions = (await fixture.RunAsync("versions", model, "--json")).Json.GetProperty("versions");
        Assert.Equal("LogisticRegression", versions[0].GetProperty("trainer").GetString());
    }

    [Fact]
    public async Task Train_JsonWithoutWait_PrintsTheRunId()
    {
        var result = await fixture.RunAsync("train", "cli-train-json", "--dataset", fixture.Portal.DatasetId.ToString(), "--label", "diagnosis", "--positive", "malignant", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var run = await fixture.Factory.WaitForRunAsync(result.Json.GetProperty("runId").GetGuid());
        Assert.Equal(1, run.Version);
    }

    [Fact]
    public async Task Train_UnknownLabelColumn_Exits2WithTheServersFieldError()
    {
        var result = await fixture.RunAsync("train", "cli-train-bad", "--dataset", fixture.Portal.DatasetId.ToString(), "--label", "no_such_column", "--positive", "x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("label", result.Error, StringComparison.Ordinal);
        Assert.Contains("no_such_column", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Train_MissingLabelOption_Exits2()
    {
        var result = await fixture.RunAsync("train", "cli-train-bad", "--dataset", "1", "--positive", "x");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--label", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retrain_Urgent_StartsAPipeline()
    {
        const string model = "cli-retrain";
        await fixture.Portal.TrainAsync(model);
        Assert.True((await fixture.Portal.PromoteAsync(model, 1)).IsSuccessStatusCode);

        var result = await fixture.RunAsync("retrain", model, "--urgent", "--reason", "drift confirmed", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var id = result.Json.GetProperty("pipelineId").GetGuid();
        await Eventually.TrueAsync(async () =>
        {
            var pipeline = await fixture.Portal.Admin.GetFromJsonAsync<JsonElement>($"/api/retraining/pipelines/{id}");
            return pipeline.GetProperty("status").GetString() != "running";
        }, TimeSpan.FromMinutes(2), $"retrain pipeline {id} to end");
        var pipeline = await fixture.Portal.Admin.GetFromJsonAsync<JsonElement>($"/api/retraining/pipelines/{id}");
        Assert.Equal("drift confirmed", pipeline.GetProperty("evidence").GetProperty("reason").GetString());
        Assert.True(pipeline.GetProperty("evidence").GetProperty("urgent").GetBoolean());
    }

    [Fact]
    public async Task Retrain_UnknownModel_Exits2()
    {
        var result = await fixture.RunAsync("retrain", "no-such-model");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no-such-model", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DriftRun_ThenDriftStatus_ShowTheRunPerFeatureAndPerModel()
    {
        const string model = "cli-drift";
        await fixture.Portal.TrainAsync(model);
        Assert.True((await fixture.Portal.PromoteAsync(model, 1)).IsSuccessStatusCode);
        var before = await fixture.RunAsync("drift-status", model);
        await DriftWindows.LogAsync(fixture.Factory.Services, model, 1, DriftWindows.Rows());

        var run = await fixture.RunAsync("drift-run", model);
        var one = await fixture.RunAsync("drift-status", model);
        var oneJson = await fixture.RunAsync("drift-status", model, "--json");
        var all = await fixture.RunAsync("drift-status");
        var allJson = await fixture.RunAsync("drift-status", "--json");

        Assert.Equal(ExitCodes.Ok, before.ExitCode);
        Assert.Equal($"{model} has no drift run yet (start one with: portal drift-run {model}).", before.Lines[0]);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.StartsWith($"{model} v1: ok, drift share 0.00, ", run.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("FEATURE", run.Lines[1], StringComparison.Ordinal);
        Assert.Equal(2 + 30, run.Lines.Length);
        Assert.Equal(run.Out, one.Out);
        Assert.Equal(569, oneJson.Json.GetProperty("window").GetProperty("rows").GetInt32());
        Assert.Matches($@"^{model}\s+v1\s+ok\s+0\.00\s+\d+\.\d\d\s+0/30\s+569\s", all.Lines.Single(l => l.StartsWith(model + " ", StringComparison.Ordinal)));
        var entry = allJson.Json.EnumerateArray().Single(e => e.GetProperty("model").GetString() == model);
        Assert.Equal("ok", entry.GetProperty("latest").GetProperty("status").GetString());
        Assert.Contains(allJson.Json.EnumerateArray(), e => e.GetProperty("latest").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task DriftRun_TooFewPredictions_Exits1WithTheReason()
    {
        const string model = "cli-drift-few";
        await fixture.Portal.TrainAsync(model);
        Assert.True((await fixture.Portal.PromoteAsync(model, 1)).IsSuccessStatusCode);
        await DriftWindows.LogAsync(fixture.Factory.Services, model, 1, DriftWindows.Rows().Take(5).ToList());

        var result = await fixture.RunAsync("drift-run", model);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.StartsWith("Not enough predictions in the window: 5 logged", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelsUpload_CsvWithABadRow_KeepsTheGoodOnesAndExits1ListingTheBad()
    {
        var logged = await LoggedPredictions.AddAsync(fixture.Factory, 2, DateTimeOffset.UtcNow.AddHours(-1), model: CliFixture.Model);
        var unknown = Guid.NewGuid();
        var file = Path.Combine(fixture.ConfigDirectory, "labels.csv");
        Directory.CreateDirectory(fixture.ConfigDirectory);
        await File.WriteAllTextAsync(file, $"""
            prediction_id,true_label,label_timestamp,label_source
            {logged[0].Id},malignant,2026-02-03T00:00:00Z,pathology
            {unknown},benign,,crm
            {logged[1].Id},benign,,crm

            """);

        var result = await fixture.RunAsync("labels", "upload", file);

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Equal("2 labels accepted, 1 rejected.", result.Lines.Single());
        Assert.StartsWith($"line 3 ({unknown}): No logged prediction", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelsUpload_AllGood_Exits0()
    {
        var logged = await LoggedPredictions.AddAsync(fixture.Factory, 1, DateTimeOffset.UtcNow.AddHours(-1), model: CliFixture.Model);
        var file = Path.Combine(fixture.ConfigDirectory, "good-labels.json");
        Directory.CreateDirectory(fixture.ConfigDirectory);
        await File.WriteAllTextAsync(file, $$"""[{"predictionId":"{{logged[0].Id}}","label":"benign"}]""");

        var result = await fixture.RunAsync("labels", "upload", file, "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal(1, result.Json.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task LabelsUpload_MissingFile_Exits2()
    {
        var result = await fixture.RunAsync("labels", "upload", "/nonexistent/labels.csv");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("no such file: /nonexistent/labels.csv", result.Error.Trim());
    }

    [Fact]
    public async Task ExportOutcomes_WritesTheCsvToStandardOutput()
    {
        const string model = "cli-export";
        await fixture.Portal.TrainAsync(model);
        var logged = await LoggedPredictions.AddAsync(fixture.Factory, 3, DateTimeOffset.UtcNow.AddHours(-1), model: model);

        var outcomes = await fixture.RunAsync("export", "outcomes", model);
        var predictions = await fixture.RunAsync("export", "predictions", model);

        Assert.True(outcomes.ExitCode == ExitCodes.Ok, outcomes.ToString());
        Assert.StartsWith("prediction_id,model,version,", outcomes.Lines[0], StringComparison.Ordinal);
        Assert.Equal(4, outcomes.Lines.Length);
        Assert.All(logged, p => Assert.Contains(p.Id.ToString(), outcomes.Out, StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, predictions.ExitCode);
        Assert.Equal(4, predictions.Lines.Length);
    }

    [Fact]
    public async Task ExportOutcomes_UnknownModel_Exits2AndWritesNothing()
    {
        var result = await fixture.RunAsync("export", "outcomes", "no-such-model");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal("Not found: Model 'no-such-model' does not exist.", result.Error.Trim());
    }
}
