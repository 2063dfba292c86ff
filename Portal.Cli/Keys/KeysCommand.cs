using System.CommandLine;
using System.Globalization;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Keys;

/// <summary>
/// `portal keys create NAME --role R` prints the new key alone on stdout (so `KEY=$(portal keys create ...)` works) and
/// says on stderr that it is shown once; `keys list` and `keys revoke ID` manage the others.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CliEnvironment environment) =>
        new("keys", "API keys (Admin).") { New(environment), List(environment), Revoke(environment) };

    private static Command New(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "What the key is for, e.g. prometheus or ci." };
        var role = new Option<string>("--role") { Description = "Viewer, DataScientist or Admin (the key never acts above its owner's role).", Required = true, HelpName = "R" };
        var command = new Command("create", "Create an API key; the key is printed once and stored only as a hash.") { name, role };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var reply = await session.PostJsonAsync("api/keys", new { name = parse.GetValue(name), role = parse.GetValue(role) }, ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var body = reply.Root;
            await session.Error.WriteLineAsync($"Created API key #{JsonFields.Int(body, "id")} '{JsonFields.Text(body, "name")}' with role {JsonFields.Text(body, "role")}; it is shown only now:");
            await session.Out.WriteLineAsync(JsonFields.Text(body, "key"));
            return ExitCodes.Ok;
        });
    }

    private static Command List(CliEnvironment environment) =>
        new Command("list", "Every API key with its role, owner and whether it is active.").WithPortalAction(environment, async (session, _, ct) =>
        {
            var reply = await session.GetAsync("api/keys", ct);
            if (session.Json)
            {
                session.PrintJson(reply);
                return ExitCodes.Ok;
            }

            var table = new Table("ID", "NAME", "ROLE", "PREFIX", "OWNER", "CREATED", "ACTIVE", "REVOKED");
            foreach (var k in reply.Root.EnumerateArray())
            {
                table.Add(Cells.Int(JsonFields.Int(k, "id")), JsonFields.Text(k, "name"), JsonFields.Text(k, "role"), JsonFields.Text(k, "prefix"), JsonFields.Text(k, "owner"),
                    Cells.Time(JsonFields.Time(k, "createdAt")), Cells.YesNo(JsonFields.Bool(k, "active")), Cells.Time(JsonFields.Time(k, "revokedAt")));
            }

            if (table.Count == 0) await session.Out.WriteLineAsync("No API keys yet.");
            else table.WriteTo(session.Out);
            return ExitCodes.Ok;
        });

    private static Command Revoke(CliEnvironment environment)
    {
        var id = new Argument<int>("ID") { Description = "The key's id (portal keys list)." };
        var command = new Command("revoke", "Revoke an API key: it is refused from the next request on.") { id };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var key = parse.GetValue(id);
            await session.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/keys/" + key.ToString(CultureInfo.InvariantCulture)), ct);
            await session.Out.WriteLineAsync(session.Json ? FormattableString.Invariant($"{{\"id\":{key},\"revoked\":true}}") : $"API key #{key} revoked.");
            return ExitCodes.Ok;
        });
    }
}
