using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Drift;

/// <summary>`portal drift-status [MODEL]`: the latest drift run of one model (with its features), or of every model (seed 002's drift-status.sh).</summary>
internal static class DriftStatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var model = new Argument<string?>("MODEL") { Description = "One model (default: every model).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("drift-status", "The latest drift run: per feature for one model, one line per model without a name.") { model };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
            parse.GetValue(model) is { } name ? await OneAsync(session, name, ct) : await AllAsync(session, ct));
    }

    private static async Task<int> OneAsync(PortalSession session, string model, CancellationToken ct)
    {
        // The latest-run endpoint answers 404 both for an unknown model and for one without runs: ask the registry first.
        await session.GetAsync($"api/models/{PortalSession.Escape(model)}", ct);
        var latest = await LatestAsync(session, model, ct);
        if (session.Json) await session.Out.WriteLineAsync(latest?.Body ?? "null");
        else if (latest is null) await session.Out.WriteLineAsync($"{model} has no drift run yet (start one with: portal drift-run {model}).");
        else DriftReport.Write(session.Out, latest.Root);
        return ExitCodes.Ok;
    }

    private static async Task<int> AllAsync(PortalSession session, CancellationToken ct)
    {
        var models = (await session.GetAsync("api/models", ct)).Root;
        var json = new JsonArray();
        var table = new Table("MODEL", "VERSION", "STATUS", "DRIFT_SHARE", "SCORE", "DRIFTED", "ROWS", "AT");
        foreach (var m in models.EnumerateArray())
        {
            var name = JsonFields.Text(m, "name")!;
            var latest = await LatestAsync(session, name, ct);
            json.Add(new JsonObject { ["model"] = name, ["latest"] = latest is null ? null : JsonNode.Parse(latest.Body) });
            if (latest is null)
            {
                table.Add(name, null, "no run");
                continue;
            }

            var run = latest.Root;
            var features = JsonFields.Array(run, "features").ToList();
            table.Add(name, Cells.Version(JsonFields.Int(run, "version")), JsonFields.Text(run, "status"), Cells.Number(JsonFields.Number(run, "driftShare"), "0.00"),
                Cells.Number(JsonFields.Number(run, "driftScore"), "0.00"), $"{features.Count(f => JsonFields.Bool(f, "drifted") == true)}/{features.Count}",
                Cells.Int(JsonFields.Int(JsonFields.Object(run, "window") ?? default, "rows")), Cells.Time(JsonFields.Time(run, "at")));
        }

        if (session.Json) await session.Out.WriteLineAsync(json.ToJsonString());
        else if (table.Count == 0) await session.Out.WriteLineAsync("No models yet.");
        else table.WriteTo(session.Out);
        return ExitCodes.Ok;
    }

    private static async Task<PortalReply?> LatestAsync(PortalSession session, string model, CancellationToken ct)
    {
        var reply = await session.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"api/models/{PortalSession.Escape(model)}/drift"), ct, allowFailure: true);
        if (reply.Ok) return reply;
        if (reply.Status == HttpStatusCode.NotFound) return null;
        throw session.Fail(reply);
    }
}
