using System.CommandLine;
using System.Net.Http.Headers;
using Portal.Cli.Http;

namespace Portal.Cli.Labels;

/// <summary>
/// `portal labels upload FILE`: late true labels (CSV with prediction_id,true_label,label_timestamp,label_source, or the
/// JSON array), streamed from the file. Good rows are kept; exit 1 when any row was rejected, each listed on stderr.
/// </summary>
internal static class LabelsCommand
{
    public static Command Create(CliEnvironment environment) =>
        new("labels", "True labels of logged predictions.") { Upload(environment) };

    private static Command Upload(CliEnvironment environment)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV (prediction_id,true_label,label_timestamp,label_source) or a .json array of {predictionId,label,labelTimestamp,source}." };
        var command = new Command("upload", "Upload true labels; rows the portal rejects are listed on stderr (exit 1).") { file };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists) throw new PortalCallException(ExitCodes.Usage, $"no such file: {path.FullName}");
            await using var stream = path.OpenRead();
            var content = new StreamContent(stream);
            var json = path.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase);
            content.Headers.ContentType = new MediaTypeHeaderValue(json ? "application/json" : "text/csv") { CharSet = "utf-8" };
            var reply = await session.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/labels") { Content = content }, ct);
            var rejected = JsonFields.Array(reply.Root, "rejected").ToList();
            if (session.Json) session.PrintJson(reply);
            else await session.Out.WriteLineAsync($"{JsonFields.Int(reply.Root, "accepted")} labels accepted, {rejected.Count} rejected.");
            foreach (var row in rejected)
                await session.Error.WriteLineAsync($"line {JsonFields.Int(row, "line")} ({JsonFields.Text(row, "predictionId") ?? "no id"}): {JsonFields.Text(row, "error")}");
            return rejected.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
        });
    }
}
