using System.CommandLine;
using Portal.Cli.Http;

namespace Portal.Cli.Registry;

/// <summary>`portal rollback MODEL --reason R [--to N]`: the previous champion on the path of champions serves again (exit 1 when there is none).</summary>
internal static class RollbackCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the history and the audit log).", Required = true, HelpName = "R" };
        var to = new Option<int?>("--to") { Description = "An earlier champion to return to (default: the one before the current).", HelpName = "N" };
        var command = new Command("rollback", "Serve the previous champion again, at once and without a restart.") { model, reason, to };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var reply = await session.PostJsonAsync($"api/models/{PortalSession.Escape(name)}/rollback", new { reason = parse.GetValue(reason), to = parse.GetValue(to) }, ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var body = reply.Root;
            await session.Out.WriteLineAsync($"{name} v{JsonFields.Int(body, "version")} serves again as champion (was v{JsonFields.Int(body, "fromVersion")}).");
            return ExitCodes.Ok;
        });
    }
}
