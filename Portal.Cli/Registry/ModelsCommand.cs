using System.CommandLine;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Registry;

/// <summary>`portal models`: the registry's models with their champion and challenger.</summary>
internal static class ModelsCommand
{
    public static Command Create(CliEnvironment environment) =>
        new Command("models", "The registered models with their champion, challenger and number of versions.")
            .WithPortalAction(environment, async (session, _, ct) =>
            {
                var reply = await session.GetAsync("api/models", ct);
                if (session.Json)
                {
                    session.PrintJson(reply);
                    return ExitCodes.Ok;
                }

                var table = new Table("NAME", "CHAMPION", "CHALLENGER", "VERSIONS", "UPDATED");
                foreach (var m in reply.Root.EnumerateArray())
                {
                    table.Add(JsonFields.Text(m, "name"), Cells.Version(JsonFields.Int(m, "championVersion")), Cells.Version(JsonFields.Int(m, "challengerVersion")),
                        Cells.Int(JsonFields.Int(m, "versions")), Cells.Time(JsonFields.Time(m, "updatedAt")));
                }

                if (table.Count == 0) await session.Out.WriteLineAsync("No models yet.");
                else table.WriteTo(session.Out);
                return ExitCodes.Ok;
            });
}
