using System.Net;
using System.Net.Sockets;
using Portal.Cli;

namespace Portal.Tests.Cli;

/// <summary>Keys, credentials and reachability: `portal keys`, `login`/`logout`, a revoked key, a wrong address, no credentials.</summary>
[Collection(CliCollection.Name)]
public sealed class CliAccessTests(CliFixture fixture)
{
    [Fact]
    public async Task KeysCreate_PrintsOnlyTheKeyWhichThenWorks()
    {
        var created = await fixture.RunAsync("keys", "create", "cli-viewer", "--role", "Viewer");

        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        var key = Assert.Single(created.Lines);
        Assert.Matches(@"^Created API key #\d+ 'cli-viewer' with role Viewer; it is shown only now:$", created.Error.Trim());
        Assert.Equal(ExitCodes.Ok, (await fixture.RunWithKeyAsync(key, "models")).ExitCode);
    }

    [Fact]
    public async Task KeysCreate_Json_PrintsTheServersBodyWithTheKey()
    {
        var created = await fixture.RunAsync("keys", "create", "cli-json", "--role", "DataScientist", "--json");

        Assert.True(created.ExitCode == ExitCodes.Ok, created.ToString());
        Assert.Equal("DataScientist", created.Json.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(created.Json.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task KeysCreate_UnknownRole_Exits2NamingTheField()
    {
        var result = await fixture.RunAsync("keys", "create", "cli-bad", "--role", "Superuser");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("role: must be one of", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedKey_Exits3WithOneClearLine()
    {
        var key = (await fixture.RunAsync("keys", "create", "cli-revoked", "--role", "Viewer")).Lines.Single();
        var id = (await fixture.RunAsync("keys", "list", "--json")).Json.EnumerateArray()
            .Single(k => k.GetProperty("name").GetString() == "cli-revoked").GetProperty("id").GetInt32();
        var list = await fixture.RunAsync("keys", "list");

        var revoke = await fixture.RunAsync("keys", "revoke", id.ToString());
        var result = await fixture.RunWithKeyAsync(key, "models");

        Assert.Contains(list.Lines, l => l.StartsWith($"{id} ", StringComparison.Ordinal) && l.Contains("cli-revoked", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("the portal refused the API key (401)", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task ViewerKey_AdminCommand_Exits3NamingTheRefusal()
    {
        var key = await fixture.CreateKeyAsync("cli-low", "Viewer");

        var result = await fixture.RunWithKeyAsync(key, "promote", CliFixture.Model, "2", "--reason", "r");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("the portal refused the API key (403)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentials_Exits3SayingHowToGiveThem()
    {
        var result = await fixture.RunWithKeyAsync(null, "models");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("the portal refused the request without credentials (set PORTAL_API_KEY, pass --api-key or run 'portal login') (401)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongUrl_NothingListening_Exits3WithOneClearLine()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}";
        var environment = new CliEnvironment { Url = url, ApiKey = fixture.AdminKey, Out = new StringWriter(), Error = new StringWriter(), ConfigDirectory = fixture.ConfigDirectory };

        var result = await CliFixture.RunAsync(environment, "status");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Equal($"cannot reach {url}/: connection refused", result.Error.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task WrongUrl_NotHttp_Exits2()
    {
        var result = await fixture.RunAsync("--url", "localhost:5000", "models");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("the portal's address must be an absolute http:// or https:// URL; got 'localhost:5000'.", result.Error.Trim());
    }

    [Fact]
    public async Task Login_SavesAToken0600ThatLaterCommandsUse_LogoutForgetsIt()
    {
        var config = Path.Combine(fixture.ConfigDirectory, "login-" + Guid.NewGuid().ToString("N"));
        CliEnvironment Environment(string? password = null, string input = "") => new()
        {
            Url = fixture.Factory.Server.BaseAddress.ToString(),
            Handler = fixture.Factory.Server.CreateHandler(),
            ConfigDirectory = config,
            Password = password,
            In = new StringReader(input),
            Out = new StringWriter(),
            Error = new StringWriter(),
        };

        var wrong = await CliFixture.RunAsync(Environment(password: "not-the-password"), "login", "--user", "admin");
        var login = await CliFixture.RunAsync(Environment(input: Api.PortalFactory.AdminPassword + "\n"), "login", "--user", "admin");
        var models = await CliFixture.RunAsync(Environment(), "models");
        var logout = await CliFixture.RunAsync(Environment(), "logout");
        var afterLogout = await CliFixture.RunAsync(Environment(), "models");

        Assert.Equal(ExitCodes.Unreachable, wrong.ExitCode);
        Assert.StartsWith("the portal refused the sign-in of 'admin' (401)", wrong.Error, StringComparison.Ordinal);
        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        var file = Path.Combine(config, "credentials.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.DoesNotContain(Api.PortalFactory.AdminPassword, await File.ReadAllTextAsync(file), StringComparison.Ordinal);
        Assert.True(models.ExitCode == ExitCodes.Ok, models.ToString());
        Assert.Contains(models.Lines, l => l.StartsWith(CliFixture.Model + " ", StringComparison.Ordinal));
        Assert.Equal(ExitCodes.Ok, logout.ExitCode);
        Assert.Equal(ExitCodes.Unreachable, afterLogout.ExitCode);
    }

    [Fact]
    public async Task Login_NoPassword_Exits2()
    {
        var result = await fixture.RunAsync("login", "--user", "admin");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("no password: set PORTAL_PASSWORD or pipe it on standard input.", result.Error.Trim());
    }

    [Fact]
    public async Task NoCommand_Exits2()
    {
        Assert.Equal(ExitCodes.Usage, (await fixture.RunAsync()).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await fixture.RunAsync("keys")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await fixture.RunAsync("no-such-command")).ExitCode);
    }

    /// <summary>A loopback port nothing listens on: taken from the OS, then released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
