using System.CommandLine;
using System.Text.Json;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Training;

/// <summary>
/// `portal train MODEL --dataset ID --label L --positive P [--trainer auto|NAME] [--wait]`: queues a run; with --wait it
/// follows the run to its end and exits 1 when it failed or was cancelled.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model to train a new version of (created on first training)." };
        var dataset = new Option<int>("--dataset") { Description = "The uploaded dataset's id.", Required = true, HelpName = "ID" };
        var label = new Option<string>("--label") { Description = "The label column.", Required = true, HelpName = "L" };
        var positive = new Option<string>("--positive") { Description = "The label's positive class.", Required = true, HelpName = "P" };
        var trainer = new Option<string>("--trainer") { Description = "FastTree (default), LightGbm, FastForest, LogisticRegression, or 'auto' to sweep them all.", HelpName = "auto|NAME" };
        var testFraction = new Option<double?>("--test-fraction") { Description = "Share of rows held out for the test metrics (default 0.2).", HelpName = "F" };
        var seed = new Option<int?>("--seed") { Description = "Seed of the split (default 1).", HelpName = "N" };
        var wait = new Option<bool>("--wait") { Description = "Follow the run until it ends; exit 1 if it fails." };
        var command = new Command("train", "Train a new version of a model on an uploaded dataset (it is registered, not promoted).")
        {
            model, dataset, label, positive, trainer, testFraction, seed, wait,
        };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var body = new
            {
                datasetId = parse.GetValue(dataset),
                label = parse.GetValue(label),
                positiveClass = parse.GetValue(positive),
                trainer = parse.GetValue(trainer),
                testFraction = parse.GetValue(testFraction),
                seed = parse.GetValue(seed),
            };
            var accepted = await session.PostJsonAsync($"api/models/{PortalSession.Escape(name)}/train", body, ct);
            var runId = JsonFields.Text(accepted.Root, "runId")!;
            if (!parse.GetValue(wait))
            {
                if (session.Json) session.PrintJson(accepted);
                else await session.Out.WriteLineAsync($"Run {runId} queued for {name}; follow it with --wait or GET /api/runs/{runId}.");
                return ExitCodes.Ok;
            }

            if (!session.Json) await session.Error.WriteLineAsync($"Run {runId} queued for {name}; waiting for it to end.");
            var run = await WaitAsync(session, runId, ct);
            return await ReportAsync(session, name, run);
        });
    }

    private static async Task<PortalReply> WaitAsync(PortalSession session, string runId, CancellationToken ct)
    {
        while (true)
        {
            var run = await session.GetAsync($"api/runs/{PortalSession.Escape(runId)}", ct);
            if (JsonFields.Text(run.Root, "status") is not ("queued" or "running")) return run;
            // The CLI waits between polls (the portal has no push channel for runs); a test shortens the interval.
            await Task.Delay(session.Environment.PollInterval, ct);
        }
    }

    private static async Task<int> ReportAsync(PortalSession session, string model, PortalReply reply)
    {
        var run = reply.Root;
        var status = JsonFields.Text(run, "status");
        var succeeded = status == "succeeded";
        if (session.Json) session.PrintJson(reply);
        if (!succeeded)
        {
            await session.Error.WriteLineAsync($"run {JsonFields.Text(run, "runId")} {status}: {JsonFields.Text(run, "error") ?? "no reason given"}");
            return ExitCodes.Refused;
        }

        if (session.Json) return ExitCodes.Ok;
        var metrics = JsonFields.Object(run, "metrics") ?? default(JsonElement);
        await session.Out.WriteLineAsync(
            $"{model} {Cells.Version(JsonFields.Int(run, "version"))} registered ({JsonFields.Text(run, "trainer")}): test AUC {Cells.Number(JsonFields.Number(metrics, "auc")) ?? "-"}, F1 {Cells.Number(JsonFields.Number(metrics, "f1")) ?? "-"}. Promote it with: portal promote {model} {JsonFields.Int(run, "version")} --reason \"...\"");
        return ExitCodes.Ok;
    }
}
