using System.CommandLine;
using System.Text;
using Portal.Cli.Http;

namespace Portal.Cli.Exports;

/// <summary>
/// `portal export outcomes|predictions MODEL > file.csv`: the portal's CSV exports copied to standard output as they
/// arrive, a buffer at a time, so a large log never sits in memory.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment) =>
        new("export", "CSV exports of the prediction log, written to standard output.")
        {
            Export(environment, "outcomes", "Predictions joined with their true labels (the runbook's outcomes.csv).", m => $"ops/export/outcomes.csv?model={m}"),
            Export(environment, "predictions", "Every logged prediction with its features as columns.", m => $"api/models/{m}/predictions.csv"),
        };

    private static Command Export(CliEnvironment environment, string name, string description, Func<string, string> path)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var command = new Command(name, description) { model };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            using var response = await session.StreamAsync(new HttpRequestMessage(HttpMethod.Get, path(PortalSession.Escape(parse.GetValue(model)!))), ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(body, Encoding.UTF8);
            var buffer = new char[16 * 1024];
            int read;
            while ((read = await reader.ReadAsync(buffer, ct)) > 0) await session.Out.WriteAsync(buffer.AsMemory(0, read), ct);
            await session.Out.FlushAsync(ct);
            return ExitCodes.Ok;
        });
    }
}
