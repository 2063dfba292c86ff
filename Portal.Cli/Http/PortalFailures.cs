using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Portal.Cli.Http;

/// <summary>
/// Turns what went wrong into one line and an exit code: 401/403 and transport failures are 3 (unreachable or
/// unauthorized), 400 and 404 are 2 (the arguments were wrong), anything else the portal refused is 1.
/// </summary>
internal static class PortalFailures
{
    public static PortalCallException From(PortalReply reply, Credential credential)
    {
        var status = (int)reply.Status;
        var problem = Describe(reply);
        return reply.Status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new PortalCallException(ExitCodes.Unreachable, $"the portal refused {credential.Refused} ({status}): {problem}"),
            HttpStatusCode.BadRequest or HttpStatusCode.NotFound => new PortalCallException(ExitCodes.Usage, problem),
            _ => new PortalCallException(ExitCodes.Refused, problem),
        };
    }

    public static PortalCallException Unreachable(Uri url, Exception exception)
    {
        var reason = exception switch
        {
            TaskCanceledException { InnerException: TimeoutException } => "no answer in time",
            _ => Innermost<SocketException>(exception)?.Message ?? Innermost<HttpRequestException>(exception)?.Message ?? exception.Message,
        };
        return new PortalCallException(ExitCodes.Unreachable, $"cannot reach {url}: {LowerFirst(reason)}");
    }

    /// <summary>The ProblemDetails' title and detail, its field errors, a reload's error, or the bare status: always one line.</summary>
    public static string Describe(PortalReply reply)
    {
        var line = new StringBuilder();
        if (reply.Json is { ValueKind: JsonValueKind.Object } body)
        {
            var title = JsonFields.Text(body, "title");
            var detail = JsonFields.Text(body, "detail") ?? JsonFields.Text(body, "error");
            if (title is not null && (detail is null || !detail.StartsWith(title, StringComparison.OrdinalIgnoreCase))) line.Append(title);
            if (detail is not null) line.Append(line.Length > 0 ? ": " : "").Append(detail);
            AppendErrors(line, body, detail);
            AppendFailedGates(line, body);
            // A refused reload answers the runbook's body, whose numbers are the reason.
            if (JsonFields.Number(body, "min_auc") is { } floor)
                line.Append(FormattableString.Invariant($" (auc {JsonFields.Number(body, "auc"):0.000}, min_auc {floor:0.000})"));
        }

        if (line.Length == 0)
            line.Append(reply.Body.Length is > 0 and < 300 && reply.Json is null ? reply.Body : $"HTTP {(int)reply.Status} {reply.Status}");
        return line.ToString().ReplaceLineEndings(" ").Trim();
    }

    private static void AppendErrors(StringBuilder line, JsonElement body, string? detail)
    {
        if (!body.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object) return;
        var parts = new List<string>();
        foreach (var field in errors.EnumerateObject())
        {
            var messages = field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(m => m.ToString()).Where(m => m != detail).ToList()
                : [field.Value.ToString()];
            if (messages.Count > 0) parts.Add($"{field.Name}: {string.Join(" ", messages)}");
        }

        if (parts.Count > 0) line.Append(" (").Append(string.Join("; ", parts)).Append(')');
    }

    private static void AppendFailedGates(StringBuilder line, JsonElement body)
    {
        if (!body.TryGetProperty("gates", out var gates) || gates.ValueKind != JsonValueKind.Array) return;
        // Only what the detail does not already say (it usually quotes each failed gate's message).
        var said = line.ToString();
        var failed = gates.EnumerateArray().Where(g => JsonFields.Bool(g, "passed") == false)
            .Select(g => JsonFields.Text(g, "message") ?? JsonFields.Text(g, "name"))
            .Where(m => m is not null && !said.Contains(m, StringComparison.Ordinal)).ToList();
        if (failed.Count > 0) line.Append(" [failed: ").Append(string.Join("; ", failed)).Append(']');
    }

    private static T? Innermost<T>(Exception exception) where T : Exception
    {
        T? found = null;
        for (Exception? e = exception; e is not null; e = e.InnerException)
            if (e is T match) found = match;
        return found;
    }

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
