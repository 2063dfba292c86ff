using System.CommandLine;
using Portal.Cli.Http;

namespace Portal.Cli.Drift;

/// <summary>`portal drift-run MODEL [--version N]`: runs the drift monitors now; exit 1 when the window holds too few predictions.</summary>
internal static class DriftRunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model whose logged predictions are compared with its training data." };
        var version = new Option<int?>("--version") { Description = "Compare this version's predictions (default: the champion's).", HelpName = "N" };
        var command = new Command("drift-run", "Run the drift monitors on the predictions in the drift window and store the run.") { model, version };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var path = $"api/models/{PortalSession.Escape(parse.GetValue(model)!)}/drift/run";
            if (parse.GetValue(version) is { } v) path += FormattableString.Invariant($"?version={v}");
            var reply = await session.PostJsonAsync(path, null, ct);
            if (session.Json) session.PrintJson(reply);
            else DriftReport.Write(session.Out, reply.Root);
            return ExitCodes.Ok;
        });
    }
}
