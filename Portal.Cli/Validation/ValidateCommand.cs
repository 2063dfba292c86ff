using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Portal.Cli.Http;

namespace Portal.Cli.Validation;

/// <summary>
/// `portal validate`: the post-upgrade check (seed 002's validate-platform.sh). The portal runs its own checks
/// (POST /api/admin/validate, Admin), and the client adds what only a caller from outside can see: /health/live,
/// /health/ready and /metrics answer over HTTP, and GET /api/models without credentials gets 401. One line per check,
/// then the verdict; exit 0 when nothing failed, 1 when a check failed, 3 when the portal is unreachable or refuses the key.
/// </summary>
internal static class ValidateCommand
{
    private const int NameWidth = 38;

    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("validate", "Runs the platform's self-checks after an upgrade (the portal's own and over HTTP): one line per check and a verdict (exit 1 when a check fails).");
        return command.WithPortalAction(environment, (session, _, ct) => RunAsync(session, ct));
    }

    private static async Task<int> RunAsync(PortalSession session, CancellationToken ct)
    {
        var clock = session.Environment.Clock;
        var startedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        var lines = new List<ValidationLine>
        {
            await TimedAsync(session, "health (HTTP /health/live)", () => HealthAsync(session, "health/live", ct)),
            await TimedAsync(session, "readiness (HTTP /health/ready)", () => HealthAsync(session, "health/ready", ct)),
        };

        // The portal's own checks; a refused key or an unreachable portal ends the run here with exit 3.
        var report = await session.PostJsonAsync("api/admin/validate", null, ct);
        foreach (var check in report.Root.GetProperty("checks").EnumerateArray())
        {
            lines.Add(new ValidationLine(JsonFields.Text(check, "name") ?? "?", JsonFields.Text(check, "outcome") ?? ValidationLine.Fail,
                check.TryGetProperty("durationMs", out var ms) && ms.TryGetInt64(out var value) ? value : 0, JsonFields.Text(check, "detail") ?? ""));
        }

        lines.Add(await TimedAsync(session, "metrics (HTTP /metrics)", () => MetricsAsync(session, ct)));
        lines.Add(await TimedAsync(session, "anonymous refused (HTTP /api/models)", () => AnonymousAsync(session, ct)));

        var verdict = lines.Any(l => l.Outcome == ValidationLine.Fail) ? ValidationLine.Fail : ValidationLine.Pass;
        var duration = (long)clock.GetElapsedTime(started).TotalMilliseconds;
        if (session.Json)
        {
            await session.Out.WriteLineAsync(JsonSerializer.Serialize(new { verdict, startedAt, durationMs = duration, checks = lines }, JsonSerializerOptions.Web));
        }
        else
        {
            foreach (var line in lines)
            {
                var ms = line.DurationMs.ToString(CultureInfo.InvariantCulture).PadLeft(6);
                var detail = line.Outcome == ValidationLine.Pass ? "" : $"  {line.Detail}";
                await session.Out.WriteLineAsync($"{line.Outcome.ToUpperInvariant(),-4}  {line.Name.PadRight(NameWidth)}{ms} ms{detail}");
            }

            var failed = lines.Count(l => l.Outcome == ValidationLine.Fail);
            await session.Out.WriteLineAsync(verdict == ValidationLine.Pass
                ? $"verdict: PASS ({lines.Count} checks, {lines.Count(l => l.Outcome == ValidationLine.Skip)} skipped, {duration} ms)"
                : $"verdict: FAIL ({failed} of {lines.Count} checks failed, {duration} ms)");
        }

        return verdict == ValidationLine.Pass ? ExitCodes.Ok : ExitCodes.Refused;
    }

    private static async Task<ValidationLine> TimedAsync(PortalSession session, string name, Func<Task<(string Outcome, string Detail)>> check)
    {
        var begun = session.Environment.Clock.GetTimestamp();
        var (outcome, detail) = await check();
        return new ValidationLine(name, outcome, (long)session.Environment.Clock.GetElapsedTime(begun).TotalMilliseconds, detail);
    }

    /// <summary>A health endpoint: 200 passes; any other answer fails with the status the portal gave (unreachable is exit 3).</summary>
    private static async Task<(string, string)> HealthAsync(PortalSession session, string path, CancellationToken ct)
    {
        var reply = await session.SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct, allowFailure: true);
        var status = reply.Json is { ValueKind: JsonValueKind.Object } body ? JsonFields.Text(body, "status") : null;
        return reply.Ok
            ? (ValidationLine.Pass, $"{(int)reply.Status} {status}")
            : (ValidationLine.Fail, $"/{path} answered {(int)reply.Status}: {PortalFailures.Describe(reply)}");
    }

    private static async Task<(string, string)> MetricsAsync(PortalSession session, CancellationToken ct)
    {
        var reply = await session.SendAsync(new HttpRequestMessage(HttpMethod.Get, "metrics"), ct, allowFailure: true);
        if (!reply.Ok) return (ValidationLine.Fail, $"/metrics answered {(int)reply.Status}: {PortalFailures.Describe(reply)}");
        return reply.Body.Contains("# TYPE http_requests_total", StringComparison.Ordinal)
            ? (ValidationLine.Pass, $"{reply.Body.Length} bytes")
            : (ValidationLine.Fail, "/metrics answered without the portal's http_requests_total series.");
    }

    /// <summary>GET /api/models with no credential at all, on a client of its own: only 401 passes.</summary>
    private static async Task<(string, string)> AnonymousAsync(PortalSession session, CancellationToken ct)
    {
        var environment = session.Environment;
        using var http = environment.Handler is null ? new HttpClient() : new HttpClient(environment.Handler, disposeHandler: false);
        http.BaseAddress = session.BaseUrl;
        http.Timeout = environment.Timeout;
        try
        {
            using var response = await http.GetAsync("api/models", ct);
            return response.StatusCode == HttpStatusCode.Unauthorized
                ? (ValidationLine.Pass, "401 without credentials.")
                : (ValidationLine.Fail, $"GET /api/models without credentials answered {(int)response.StatusCode}, not 401.");
        }
        catch (HttpRequestException ex)
        {
            return (ValidationLine.Fail, $"GET /api/models without credentials failed: {ex.Message}");
        }
    }
}
