using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Portal.Cli;
using Portal.Tests.Api;
using Portal.Tests.Hosting;

namespace Portal.Tests.Cli;

/// <summary>
/// The built `portal` executable (Portal.Cli's output, run with dotnet as the installed tool runs it) as a separate
/// process against a real portal on Kestrel with the demo model: what an operator's shell sees, exit codes included.
/// </summary>
public sealed class CliProcessTests(CliProcessTests.DemoPortal fixture) : IClassFixture<CliProcessTests.DemoPortal>
{
    [Fact]
    public async Task Status_AgainstKestrelPortal_Exits0WithTheDemoModelOk()
    {
        var result = await RunAsync(fixture.Key, "status");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("MODEL", result.Lines[0], StringComparison.Ordinal);
        Assert.Matches(@"^credit-risk\s+v1\s+yes\s+0\.\d{3}\s+\d+\.\d\s+-\s+ok$", result.Lines[1]);
    }

    [Fact]
    public async Task ModelsJson_AgainstKestrelPortal_PrintsTheRegistry()
    {
        var result = await RunAsync(fixture.Key, "models", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var model = Assert.Single(result.Json.EnumerateArray());
        Assert.Equal("credit-risk", model.GetProperty("name").GetString());
        Assert.Equal(1, model.GetProperty("championVersion").GetInt32());
    }

    [Fact]
    public async Task ExportOutcomes_AgainstKestrelPortal_StreamsTheCsv()
    {
        var result = await RunAsync(fixture.Key, "export", "outcomes", "credit-risk");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.StartsWith("prediction_id,model,version,", result.Lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongKey_AgainstKestrelPortal_Exits3()
    {
        var result = await RunAsync("not-a-key", "models");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("the portal refused the API key (401)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_ConfigFolderNotThereYet_CreatesItAndLaterCommandsUseTheToken()
    {
        var config = Path.Combine(fixture.Portal.Root, "config-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config, ["PORTAL_PASSWORD"] = PortalProcess.AdminPassword };

        var login = await RunAsync(null, settings, "login", "--user", "admin");
        var models = await RunAsync(null, settings, "models", "--json");

        Assert.True(login.ExitCode == ExitCodes.Ok, login.ToString());
        var file = Path.Combine(config, "portal", "credentials.json");
        Assert.True(File.Exists(file), login.ToString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.True(models.ExitCode == ExitCodes.Ok, models.ToString());
        Assert.Equal("credit-risk", Assert.Single(models.Json.EnumerateArray()).GetProperty("name").GetString());
    }

    private Task<CliResult> RunAsync(string key, params string[] args) => RunAsync(key, null, args);

    private async Task<CliResult> RunAsync(string? key, Dictionary<string, string>? settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [CliDll(), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PORTAL_URL"] = fixture.Portal.BaseUrl;
        start.Environment["PORTAL_API_KEY"] = key;
        start.Environment["PORTAL_PASSWORD"] = null;
        start.Environment["XDG_CONFIG_HOME"] = fixture.Portal.Root; // never the real user's saved login
        foreach (var (name, value) in settings ?? []) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(cts.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Portal.Cli's build output in the configuration the tests were built in.</summary>
    private static string CliDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(TestPaths.RepoRoot, "Portal.Cli", "bin", configuration, "net10.0", "portal.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the solution first.");
    }

    /// <summary>The portal as a user starts it, with the demo model trained and promoted, and an Admin API key.</summary>
    public sealed class DemoPortal : IAsyncLifetime
    {
        public PortalProcess Portal { get; private set; } = null!;
        public string Key { get; private set; } = "";

        public async Task InitializeAsync()
        {
            // The build output, not the publish: this is about the CLI binary, and the build is what the tests just made.
            Portal = await PortalProcess.StartAsync(new PortalProcessOptions { Published = false });
            using var admin = await Portal.CreateAdminClientAsync();
            var response = await admin.PostAsJsonAsync("/api/keys", new { name = "cli-process", role = "Admin" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Key = (await response.JsonAsync()).GetProperty("key").GetString()!;
        }

        public async Task DisposeAsync()
        {
            if (Portal is not null) await Portal.DisposeAsync();
        }
    }
}
