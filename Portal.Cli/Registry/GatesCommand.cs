using System.CommandLine;
using System.Globalization;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Registry;

/// <summary>
/// `portal gates get|set MODEL`: the model's evaluation gates. The portal replaces all gates on a PUT, so `set` reads the
/// current ones and changes only those named; 'off' turns a gate off.
/// </summary>
internal static class GatesCommand
{
    private const string Off = "off";

    public static Command Create(CliEnvironment environment) =>
        new("gates", "A model's evaluation gates (what a promotion to champion must pass).") { Get(environment), Set(environment) };

    private static Command Get(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var command = new Command("get", "Show the model's gates and input-range policy.") { model };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var reply = await session.GetAsync(Path(parse.GetValue(model)!), ct);
            Print(session, reply);
            return ExitCodes.Ok;
        });
    }

    private static Command Set(CliEnvironment environment)
    {
        var model = new Argument<string>("MODEL") { Description = "The model's name." };
        var minAuc = Gate("--min-auc", "Lowest test AUC a new champion may have (0 to 1).");
        var minF1 = Gate("--min-f1-improvement-pct", "How much better (in %) the candidate's F1 must be than the champion's.");
        var maxBrier = Gate("--max-brier-degradation", "How much worse the candidate's Brier score may be than the champion's.");
        var minRows = Gate("--min-test-rows", "Fewest test rows the candidate's metrics must rest on.");
        var approval = new Option<bool?>("--require-approval") { Description = "Require an approval by another admin (true or false).", HelpName = "true|false" };
        var inputRange = new Option<string>("--input-range") { Description = "Input policy for values far outside the training range.", HelpName = "off|warn|reject" };
        inputRange.AcceptOnlyFromAmong("off", "warn", "reject");
        var command = new Command("set", "Change the named gates (a number, or 'off'); the others keep their values.")
        {
            model, minAuc, minF1, maxBrier, minRows, approval, inputRange,
        };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var name = parse.GetValue(model)!;
            // Every value is checked before the portal is asked anything.
            var given = new[] { minAuc, minF1, maxBrier, minRows }.Where(o => parse.GetResult(o) is not null).ToDictionary(o => o, o => Parse(parse, o));
            if (given.Count == 0 && parse.GetResult(approval) is null && parse.GetResult(inputRange) is null)
                throw new PortalCallException(ExitCodes.Usage, "name at least one gate to set, e.g. --min-auc 0.8 (see portal gates set --help).");

            var current = (await session.GetAsync(Path(name), ct)).Root;
            double? Value(Option<string> option, string field) => given.TryGetValue(option, out var value) ? value : JsonFields.Number(current, field);
            var body = new Dictionary<string, object?>
            {
                ["minAuc"] = Value(minAuc, "minAuc"),
                ["minF1ImprovementPct"] = Value(minF1, "minF1ImprovementPct"),
                ["maxBrierDegradation"] = Value(maxBrier, "maxBrierDegradation"),
                ["minTestRows"] = Value(minRows, "minTestRows") is { } rows ? (int?)Math.Round(rows) : null,
                ["requireApproval"] = parse.GetValue(approval) ?? JsonFields.Bool(current, "requireApproval") ?? false,
                ["inputRange"] = parse.GetValue(inputRange) ?? JsonFields.Text(current, "inputRange"),
            };
            Print(session, await session.PutJsonAsync(Path(name), body, ct));
            return ExitCodes.Ok;
        });
    }

    private static string Path(string model) => $"api/models/{PortalSession.Escape(model)}/gates";

    private static Option<string> Gate(string name, string description) => new(name) { Description = description + " 'off' turns it off.", HelpName = "X|off" };

    /// <summary>A gate's value as given: a number, or null for 'off'.</summary>
    private static double? Parse(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option)?.Trim() ?? "";
        if (string.Equals(text, Off, StringComparison.OrdinalIgnoreCase)) return null;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new PortalCallException(ExitCodes.Usage, $"{option.Name} must be a number or 'off'; got '{text}'.");
    }

    private static void Print(PortalSession session, PortalReply reply)
    {
        if (session.Json)
        {
            session.PrintJson(reply);
            return;
        }

        var g = reply.Root;
        var table = new Table("GATE", "VALUE");
        table.Add("minAuc", Cells.Number(JsonFields.Number(g, "minAuc"), "0.###") ?? Off);
        table.Add("minF1ImprovementPct", Cells.Number(JsonFields.Number(g, "minF1ImprovementPct"), "0.###") ?? Off);
        table.Add("maxBrierDegradation", Cells.Number(JsonFields.Number(g, "maxBrierDegradation"), "0.####") ?? Off);
        table.Add("minTestRows", Cells.Int(JsonFields.Int(g, "minTestRows")) ?? Off);
        table.Add("requireApproval", JsonFields.Bool(g, "requireApproval") == true ? "yes" : "no");
        table.Add("inputRange", JsonFields.Text(g, "inputRange"));
        table.WriteTo(session.Out);
        if (JsonFields.Text(g, "updatedBy") is { } by) session.Out.WriteLine($"updated {Cells.Time(JsonFields.Time(g, "updatedAt"))} by {by}");
    }
}
