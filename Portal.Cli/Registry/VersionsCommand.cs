using System.CommandLine;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Registry;

/// <summary>`portal versions MODEL`: every version with its test metrics, stage and aliases.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var command = new Command("versions", "A model's versions with trainer, test AUC and F1, stage and aliases.") { model };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var reply = await session.GetAsync($"api/models/{PortalSession.Escape(parse.GetValue(model)!)}", ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var table = new Table("VERSION", "CREATED", "BY", "TRAINER", "AUC", "F1", "STAGE", "ALIASES");
            foreach (var v in JsonFields.Array(reply.Root, "versions").OrderBy(v => JsonFields.Int(v, "version")))
            {
                var metrics = JsonFields.Object(v, "metrics") ?? default;
                table.Add(Cells.Version(JsonFields.Int(v, "version")), Cells.Time(JsonFields.Time(v, "createdAt")), JsonFields.Text(v, "createdBy"), JsonFields.Text(v, "trainer"),
                    Cells.Number(JsonFields.Number(metrics, "auc")), Cells.Number(JsonFields.Number(metrics, "f1")), JsonFields.Text(v, "stage"),
                    string.Join(",", JsonFields.Array(v, "aliases").Select(a => a.GetString())));
            }

            if (table.Count == 0) await session.Out.WriteLineAsync("No versions yet.");
            else table.WriteTo(session.Out);
            return ExitCodes.Ok;
        });
    }
}
