using System.CommandLine;
using System.Globalization;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Ops;

/// <summary>`portal reload MODEL [--min-auc X]`: the runbook's hot reload (/ops/reload-model); refused (exit 1) when the AUC is under the floor.</summary>
internal static class ReloadCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model whose champion is re-read and swapped in." };
        var minAuc = new Option<double?>("--min-auc") { Description = "Refuse the reload when the champion's test AUC is below this (0 to 1).", HelpName = "X" };
        var command = new Command("reload", "Re-read the champion from the registry and artefact store, check its SHA-256 (and AUC), and swap it in; the serving engine keeps serving on any failure.")
        {
            model,
            minAuc,
        };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            var path = $"ops/reload-model?model={PortalSession.Escape(name)}";
            if (parse.GetValue(minAuc) is { } floor) path += "&min_auc=" + floor.ToString(CultureInfo.InvariantCulture);
            var reply = await session.PostJsonAsync(path, null, ct);
            if (session.Json)
            {
                session.PrintJson(reply);
            }
            else
            {
                var body = reply.Root;
                await session.Out.WriteLineAsync($"{name} {Cells.Version(JsonFields.Int(body, "version"))} reloaded and serving (AUC {Cells.Number(JsonFields.Number(body, "auc")) ?? "-"}).");
            }

            return ExitCodes.Ok;
        });
    }
}
