using System.CommandLine;
using System.Net;
using Portal.Cli.Http;

namespace Portal.Cli.Auth;

/// <summary>
/// `portal login --user U`: exchanges a password (PORTAL_PASSWORD, else the first line of standard input, never an
/// argument that `ps` would show) for a bearer token, saved for this portal's address and used when no API key is given.
/// `portal logout` forgets it.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var user = new Option<string>("--user") { Description = "The user name.", Required = true, HelpName = "U" };
        var command = new Command("login", "Sign in with a user name and password (from PORTAL_PASSWORD or standard input); the token is saved for this portal.") { user };
        return command.WithPortalAction(environment, async (session, parse, ct) =>
        {
            var password = environment.Password;
            if (string.IsNullOrEmpty(password)) password = await environment.In.ReadLineAsync(ct);
            if (string.IsNullOrEmpty(password))
                throw new PortalCallException(ExitCodes.Usage, "no password: set PORTAL_PASSWORD or pipe it on standard input.");

            var name = parse.GetValue(user)!;
            var reply = await session.PostJsonAsync("api/auth/token", new { username = name, password }, ct, allowFailure: true);
            if (reply.Status == HttpStatusCode.Unauthorized)
                throw new PortalCallException(ExitCodes.Unreachable, $"the portal refused the sign-in of '{name}' (401): {PortalFailures.Describe(reply)}");
            if (!reply.Ok) throw session.Fail(reply);

            var store = TokenStore.For(environment);
            if (store.FilePath is null) throw new PortalCallException(ExitCodes.Usage, "no config folder to keep the token in: set HOME or XDG_CONFIG_HOME.");
            var seconds = JsonFields.Int(reply.Root, "expires_in") ?? 3600;
            store.Save(session.BaseUrl, JsonFields.Text(reply.Root, "access_token")!, seconds);
            await session.Out.WriteLineAsync($"Signed in to {session.BaseUrl} as {name}; the token (valid {TimeSpan.FromSeconds(seconds):g}) is saved in {store.FilePath}.");
            return ExitCodes.Ok;
        });
    }

    public static Command Logout(CliEnvironment environment) =>
        new Command("logout", "Forget the token 'portal login' saved for this portal.").WithPortalAction(environment, async (session, _, _) =>
        {
            var removed = TokenStore.For(environment).Remove(session.BaseUrl);
            await session.Out.WriteLineAsync(removed ? $"Signed out of {session.BaseUrl}." : $"No saved login for {session.BaseUrl}.");
            return ExitCodes.Ok;
        });
}
