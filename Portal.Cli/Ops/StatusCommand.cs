using System.CommandLine;
using System.Text.Json;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Ops;

/// <summary>
/// `portal status`: every model's runbook health (/ops/model-status) in one table. Exits 1 when a model that has a
/// champion is not ok, so a health-check cron can alert on the exit code; a model never promoted is listed, not counted.
/// </summary>
internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string?>("MODEL") { Description = "One model (default: every model).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Every model's health: champion loaded, AUC, age, drift score and health state (exit 1 when a served model is not ok).") { model };
        return command.WithPortalAction(environment, (session, parse, ct) => RunAsync(session, parse.GetValue(model), ct));
    }

    private static async Task<int> RunAsync(PortalSession session, string? only, CancellationToken ct)
    {
        IEnumerable<JsonElement> models = only is null
            ? (await session.GetAsync("api/models", ct)).Root.EnumerateArray().ToList()
            : [(await session.GetAsync($"api/models/{PortalSession.Escape(only)}", ct)).Root];
        var rows = new List<(JsonElement Model, PortalReply Status)>();
        foreach (var model in models)
        {
            var name = JsonFields.Text(model, "name")!;
            rows.Add((model, await session.GetAsync($"ops/model-status?model={PortalSession.Escape(name)}", ct)));
        }

        var failing = rows
            .Where(r => JsonFields.Int(r.Model, "championVersion") is not null && JsonFields.Text(r.Status.Root, "health") != "ok")
            .Select(r => $"{JsonFields.Text(r.Model, "name")} ({JsonFields.Text(r.Status.Root, "health")})")
            .ToList();

        if (session.Json)
        {
            // A stable shape for scripts: the runbook's model-status body of every model, in the registry's order.
            await session.Out.WriteLineAsync("[" + string.Join(",", rows.Select(r => r.Status.Body.Trim())) + "]");
        }
        else if (rows.Count == 0)
        {
            await session.Out.WriteLineAsync("No models yet.");
        }
        else
        {
            // The ERROR column only when a model has an error to show.
            var errors = rows.Any(r => JsonFields.Text(r.Status.Root, "error") is not null);
            string[] headers = ["MODEL", "CHAMPION", "LOADED", "AUC", "AGE_H", "DRIFT", "HEALTH"];
            var table = new Table(errors ? [.. headers, "ERROR"] : headers);
            foreach (var (model, reply) in rows)
            {
                var s = reply.Root;
                string?[] cells =
                [
                    JsonFields.Text(model, "name"), Cells.Version(JsonFields.Int(s, "version") ?? JsonFields.Int(model, "championVersion")),
                    Cells.YesNo(JsonFields.Bool(s, "loaded")), Cells.Number(JsonFields.Number(s, "auc")), Cells.Number(JsonFields.Number(s, "age_hours"), "0.0"),
                    Cells.Number(JsonFields.Number(s, "drift_score"), "0.00"), JsonFields.Text(s, "health"),
                ];
                table.Add(errors ? [.. cells, JsonFields.Text(s, "error")] : cells);
            }

            table.WriteTo(session.Out);
        }

        if (failing.Count == 0) return ExitCodes.Ok;
        await session.Error.WriteLineAsync($"not ok: {string.Join(", ", failing)}");
        return ExitCodes.Refused;
    }
}
