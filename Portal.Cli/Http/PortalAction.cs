using System.CommandLine;

namespace Portal.Cli.Http;

/// <summary>Runs a command against the portal: opens the session, and turns a refused or failed call into its line and exit code.</summary>
internal static class PortalAction
{
    public static Command WithPortalAction(this Command command, CliEnvironment environment, Func<PortalSession, ParseResult, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                using var session = PortalSession.Open(parse, environment);
                return await action(session, parse, ct);
            }
            catch (PortalCallException ex)
            {
                await environment.Error.WriteLineAsync(ex.Message);
                return ex.ExitCode;
            }
        });
        return command;
    }
}
