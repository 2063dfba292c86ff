using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Privacy;

/// <summary>
/// `portal pii-scrub [--dry-run] [--wait]`: seed 004's scrub_history.py. Re-applies the current redaction rules to the whole
/// prediction log: --dry-run counts and changes nothing; otherwise the portal starts a background job (--wait follows it).
/// Exit 1 when the job failed or another one is running.
/// </summary>
internal static class PiiScrubCommand
{
    private const string Path = "api/admin/pii-scrub";

    public static Command Create(CliEnvironment environment)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be redacted, per field, and change nothing." };
        var wait = new Option<bool>("--wait") { Description = "Follow the job until it has completed or failed." };
        var command = new Command("pii-scrub", "Re-apply the current PII redaction rules (configured fields, e-mail, phone, card and IBAN patterns) to the whole prediction log, in batches while the portal serves.")
        {
            dryRun,
            wait,
        };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            if (parse.GetValue(dryRun))
            {
                var report = await session.PostJsonAsync($"{Path}?dryRun=true", null, ct);
                if (session.Json) session.PrintJson(report);
                else await WriteAsync(session, "Dry run, nothing changed:", report.Root, "would be redacted");
                return ExitCodes.Ok;
            }

            var started = await session.PostJsonAsync($"{Path}?dryRun=false", null, ct);
            var id = JsonFields.Int(started.Root, "id");
            if (!parse.GetValue(wait))
            {
                if (session.Json) session.PrintJson(started);
                else await session.Out.WriteLineAsync($"PII scrub #{id} started; follow it with `portal pii-scrub --wait` or GET /{Path}.");
                return ExitCodes.Ok;
            }

            if (!session.Json) await session.Error.WriteLineAsync($"PII scrub #{id} started; waiting for it to end.");
            var job = await WaitAsync(session, ct);
            var status = JsonFields.Text(job.Root, "status");
            if (session.Json) session.PrintJson(job);
            else await WriteAsync(session, $"PII scrub #{JsonFields.Int(job.Root, "id")} {status}:", job.Root, "redacted");
            if (status == "completed") return ExitCodes.Ok;
            await session.Error.WriteLineAsync($"PII scrub {status}: {JsonFields.Text(job.Root, "error") ?? "no reason given"}; start it again to finish.");
            return ExitCodes.Refused;
        });
    }

    private static async Task<PortalReply> WaitAsync(PortalSession session, CancellationToken ct)
    {
        while (true)
        {
            var job = await session.GetAsync(Path, ct);
            if (JsonFields.Text(job.Root, "status") != "running") return job;
            // The portal has no push channel for jobs: poll (a test shortens the interval).
            await Task.Delay(session.Environment.PollInterval, ct);
        }
    }

    private static async Task WriteAsync(PortalSession session, string heading, JsonElement body, string verb)
    {
        var scanned = Count(body, "scanned");
        var rows = Count(body, "redactedRows");
        await session.Out.WriteLineAsync($"{heading} {scanned} rows scanned, {rows} {verb}.");
        var table = new Table("FIELD", "VALUES");
        if (JsonFields.Object(body, "fields") is { ValueKind: JsonValueKind.Object } fields)
            foreach (var field in fields.EnumerateObject().OrderBy(f => f.Name, StringComparer.Ordinal))
                table.Add(field.Name, field.Value.GetInt64().ToString(CultureInfo.InvariantCulture));
        if (table.Count == 0) await session.Out.WriteLineAsync("No personal data found.");
        else table.WriteTo(session.Out);
    }

    private static string Count(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64().ToString(CultureInfo.InvariantCulture) : "-";
}
