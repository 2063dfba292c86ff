using System.CommandLine;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Registry;

/// <summary>
/// `portal promote MODEL VERSION --reason R`: moves an alias (champion by default) through the gates. Promoting to
/// champion always archives the previous champion, so seed 001's `--archive-current` is accepted and changes nothing.
/// </summary>
internal static class PromoteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var version = new Argument<string>("VERSION") { Description = "The version number, or 'latest'." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the history and the audit log).", Required = true, HelpName = "R" };
        var alias = new Option<string>("--alias") { Description = "The alias to move.", DefaultValueFactory = _ => "champion", HelpName = "ALIAS" };
        var archive = new Option<bool>("--archive-current") { Description = "Accepted for seed 001's runbook: the previous champion is always archived." };
        var command = new Command("promote", "Promote a version (to champion unless --alias says otherwise); the model's gates must pass (exit 1 when they refuse).")
        {
            model, version, reason, alias, archive,
        };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var number = await VersionArgument.ResolveAsync(session, name, parse.GetValue(version)!, ct);
            var reply = await session.PostJsonAsync($"api/models/{PortalSession.Escape(name)}/versions/{number}/promote",
                new { alias = parse.GetValue(alias), reason = parse.GetValue(reason) }, ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var body = reply.Root;
            var movedAlias = JsonFields.Text(body, "alias");
            if (JsonFields.Bool(body, "unchanged") == true)
            {
                await session.Out.WriteLineAsync($"{name} v{number} already is {movedAlias}; nothing changed.");
                return ExitCodes.Ok;
            }

            var from = JsonFields.Int(body, "fromVersion");
            var previous = from is null ? "" : movedAlias == "champion" ? $" (v{from} archived)" : $" (was v{from})";
            await session.Out.WriteLineAsync($"{name} v{number} is now {movedAlias}{previous}.");
            var gates = new Table("GATE", "PASSED", "ACTUAL", "THRESHOLD", "MESSAGE");
            foreach (var g in JsonFields.Array(body, "gates"))
            {
                gates.Add(JsonFields.Text(g, "name"), Cells.YesNo(JsonFields.Bool(g, "passed")), Cells.Number(JsonFields.Number(g, "actual")),
                    Cells.Number(JsonFields.Number(g, "threshold")), JsonFields.Text(g, "message"));
            }

            if (gates.Count > 0) gates.WriteTo(session.Out);
            return ExitCodes.Ok;
        });
    }
}
