using System.CommandLine;
using Portal.Cli.Http;

namespace Portal.Cli;

/// <summary>Builds the command tree and runs one command line; usage mistakes exit 2, not System.CommandLine's 1.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken ct = default)
    {
        var root = new RootCommand("portal: the Portal operator's command line (PORTAL_URL, PORTAL_API_KEY).");
        foreach (var option in GlobalOptions.Create()) root.Options.Add(option);
        foreach (var command in CliCommands.All(environment)) root.Subcommands.Add(command);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) await environment.Error.WriteLineAsync(error.Message);
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, ct);
    }
}
