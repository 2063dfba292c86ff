using System.CommandLine;
using System.Text.Json;
using Portal.Cli.Http;
using Portal.Cli.Output;
using Portal.Cli.Registry;

namespace Portal.Cli.Rollouts;

/// <summary>
/// `portal rollout start|status|pause|resume|abort|promote MODEL`: seed 002's deploy-model.sh --canary and
/// monitor-canary.sh. The actions apply to the model's active rollout, so a runbook needs no rollout id.
/// </summary>
internal static class RolloutCommand
{
    private static readonly string[] ActiveStates = ["running", "paused", "awaiting_approval"];

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("rollout", "Roll a version out on live traffic (canary, A/B or shadow), watch it, or act on it.")
        {
            Start(environment), Status(environment),
        };
        foreach (var (action, description) in new[]
                 {
                     ("pause", "Hold the split where it is; no decisions until resumed."),
                     ("resume", "Resume a paused rollout."),
                     ("abort", "Stop it: the champion takes all traffic again."),
                     ("promote", "Promote the candidate now (the model's gates must pass: exit 1 when they refuse)."),
                 })
        {
            command.Subcommands.Add(Act(environment, action, description));
        }

        return command;
    }

    private static Command Start(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var version = new Argument<string>("VERSION") { Description = "The candidate version, or 'latest'." };
        var kind = new Option<string>("--kind") { Description = "canary, ab or shadow.", DefaultValueFactory = _ => "canary", HelpName = "KIND" };
        kind.AcceptOnlyFromAmong("canary", "ab", "shadow");
        var steps = new Option<int[]>("--steps")
        {
            Description = "A canary's candidate shares in percent, increasing to 100 (e.g. --steps 10 25 50 100).",
            AllowMultipleArgumentsPerToken = true, HelpName = "PCT",
        };
        var gateSource = new Option<string>("--gate-source") { Description = "Judge the gates on realized or estimated performance.", HelpName = "SOURCE" };
        gateSource.AcceptOnlyFromAmong("realized", "estimated");
        var command = new Command("start", "Start a rollout of VERSION against the champion (Admin).") { model, version, kind, steps, gateSource };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var number = await VersionArgument.ResolveAsync(session, name, parse.GetValue(version)!, ct);
            var plan = parse.GetValue(steps) is { Length: > 0 } s ? s.ToList() : null;
            var reply = await session.PostJsonAsync($"api/models/{PortalSession.Escape(name)}/rollouts",
                new { kind = parse.GetValue(kind), candidateVersion = number, steps = plan, gateSource = parse.GetValue(gateSource) }, ct);
            if (session.Json) session.PrintJson(reply);
            else
            {
                await session.Out.WriteLineAsync($"Rollout {JsonFields.Text(reply.Root, "id")} started: {Describe(reply.Root)}.");
                await session.Out.WriteLineAsync($"Watch it with: portal rollout status {name}");
            }

            return ExitCodes.Ok;
        });
    }

    private static Command Status(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var command = new Command("status", "The model's newest rollout: where it stands, its live counters and its latest decisions.") { model };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var newest = await NewestAsync(session, name, activeOnly: false, ct);
            if (newest is null)
            {
                if (session.Json) await session.Out.WriteLineAsync("null");
                else await session.Out.WriteLineAsync($"{name} has had no rollout yet (start one with: portal rollout start {name} VERSION).");
                return ExitCodes.Ok;
            }

            var reply = await session.GetAsync(RolloutPath(name, newest.Value), ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var rollout = reply.Root;
            await session.Out.WriteLineAsync($"Rollout {JsonFields.Text(rollout, "id")}: {Describe(rollout)}.");
            var live = JsonFields.Object(rollout, "live") ?? default;
            await session.Out.WriteLineAsync(
                $"Served since start-up: champion {Cells.Int(JsonFields.Int(live, "championServed")) ?? "0"}, candidate {Cells.Int(JsonFields.Int(live, "candidateServed")) ?? "0"} " +
                $"({Cells.Int(JsonFields.Int(live, "candidateErrors")) ?? "0"} errors), shadow scored {Cells.Int(JsonFields.Int(live, "shadowScored")) ?? "0"}.");
            var decisions = new Table("AT", "ACTION", "STEP", "BY", "REASON");
            foreach (var d in JsonFields.Array(rollout, "decisions").TakeLast(10))
            {
                decisions.Add(Cells.Time(JsonFields.Time(d, "at")), JsonFields.Text(d, "action"), Cells.Int(JsonFields.Int(d, "step")), JsonFields.Text(d, "by"), JsonFields.Text(d, "reason"));
            }

            if (decisions.Count > 0) decisions.WriteTo(session.Out);
            return ExitCodes.Ok;
        });
    }

    private static Command Act(CliEnvironment environment, string action, string description)
    {
        var model = new Argument<string>("MODEL") { Description = "The model whose active rollout to act on." };
        var reason = new Option<string>("--reason") { Description = "Why (kept with the rollout's decisions).", HelpName = "R" };
        var command = new Command(action, description + " (Admin)") { model, reason };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            if (await NewestAsync(session, name, activeOnly: true, ct) is not { } active)
            {
                await session.Error.WriteLineAsync($"{name} has no active rollout.");
                return ExitCodes.Refused;
            }

            var reply = await session.PostJsonAsync($"{RolloutPath(name, active)}/{action}", new { reason = parse.GetValue(reason) }, ct);
            if (session.Json) session.PrintJson(reply);
            else await session.Out.WriteLineAsync($"Rollout {JsonFields.Text(reply.Root, "id")}: {Describe(reply.Root)}.");
            return ExitCodes.Ok;
        });
    }

    /// <summary>The newest rollout of the model (the list is newest first), or the newest still active.</summary>
    private static async Task<Guid?> NewestAsync(PortalSession session, string model, bool activeOnly, CancellationToken ct)
    {
        var list = (await session.GetAsync($"api/models/{PortalSession.Escape(model)}/rollouts", ct)).Root;
        foreach (var rollout in list.EnumerateArray())
        {
            if (activeOnly && !ActiveStates.Contains(JsonFields.Text(rollout, "state"))) continue;
            return Guid.Parse(JsonFields.Text(rollout, "id")!);
        }

        return null;
    }

    private static string RolloutPath(string model, Guid id) => $"api/models/{PortalSession.Escape(model)}/rollouts/{id}";

    private static string Describe(JsonElement rollout) =>
        $"{JsonFields.Text(rollout, "kind")} of v{JsonFields.Int(rollout, "candidateVersion")} against v{JsonFields.Int(rollout, "championVersion")}, " +
        $"{JsonFields.Text(rollout, "state")}, candidate share {Cells.Number(JsonFields.Number(rollout, "candidateSharePct"), "0.#")}%";
}
