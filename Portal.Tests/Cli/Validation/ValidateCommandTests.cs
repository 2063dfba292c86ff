using Portal.Cli;
using Portal.Tests.Api;

namespace Portal.Tests.Cli.Validation;

/// <summary>`portal validate` against a real portal: the server's checks and the client's own, its lines, --json and exit codes.</summary>
[Collection(CliCollection.Name)]
public sealed class ValidateCommandTests(CliFixture fixture)
{
    [Fact]
    public async Task Validate_HealthyPortal_PrintsOnePassLinePerCheckAndExits0()
    {
        var result = await fixture.RunAsync("validate");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Matches(@"^PASS  database writable\s+\d+ ms$", result.Lines.Single(l => l.Contains("database writable", StringComparison.Ordinal)));
        Assert.Contains(result.Lines, l => l.StartsWith("PASS  champion cancer ", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith("PASS  anonymous refused (HTTP /api/models)", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith("PASS  metrics (HTTP /metrics)", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith("PASS  readiness (HTTP /health/ready)", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.StartsWith("verdict: PASS (", result.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_Json_GivesTheVerdictAndEveryCheck()
    {
        var result = await fixture.RunAsync("validate", "--json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("pass", result.Json.GetProperty("verdict").GetString());
        var names = result.Json.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Contains("artefact store writable", names);
        Assert.Contains("training run", names);
        Assert.Contains("health (HTTP /health/live)", names);
        Assert.Contains("anonymous refused (HTTP /api/models)", names);
    }

    [Fact]
    public async Task Validate_DataScientistKey_Exits3()
    {
        var key = await fixture.CreateKeyAsync("cli-validate-ds", "DataScientist");

        var result = await fixture.RunWithKeyAsync(key, "validate");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith("the portal refused the API key (403)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_NothingListening_Exits3()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = $"http://127.0.0.1:{port}";
        var environment = new CliEnvironment { Url = url, ApiKey = fixture.AdminKey, Out = new StringWriter(), Error = new StringWriter(), ConfigDirectory = fixture.ConfigDirectory };

        var result = await CliFixture.RunAsync(environment, "validate");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Equal($"cannot reach {url}/: connection refused", result.Error.Trim());
    }

    [Fact]
    public async Task Validate_ArtefactStoreNotWritable_PrintsTheFailedLineAndExits1()
    {
        // A portal of its own, since this one is broken on purpose; the models folder becomes a regular file, which stops root too.
        using var factory = new PortalFactory();
        using var admin = await factory.ClientForAsync(Portal.Core.Auth.Roles.Admin);
        var created = await admin.PostAsync("/api/keys", System.Net.Http.Json.JsonContent.Create(new { name = "validate", role = "Admin" }));
        var key = (await created.JsonAsync()).GetProperty("key").GetString();
        var models = Path.Combine(factory.Root, "models");
        if (Directory.Exists(models)) Directory.Delete(models, recursive: true);
        await File.WriteAllTextAsync(models, "not a folder");

        var result = await CliFixture.RunAsync(new CliEnvironment
        {
            Url = factory.Server.BaseAddress.ToString(),
            ApiKey = key,
            Handler = factory.Server.CreateHandler(),
            ConfigDirectory = fixture.ConfigDirectory,
            Out = new StringWriter(),
            Error = new StringWriter(),
        }, "validate");

        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        var failed = Assert.Single(result.Lines, l => l.StartsWith("FAIL", StringComparison.Ordinal));
        Assert.Matches(@"^FAIL  artefact store writable\s+\d+ ms  .+ is not writable: ", failed);
        Assert.Contains(result.Lines, l => l.StartsWith("PASS  training run", StringComparison.Ordinal));
        Assert.Contains(result.Lines, l => l.StartsWith("SKIP  prediction", StringComparison.Ordinal));
        Assert.Matches(@"^verdict: FAIL \(1 of \d+ checks failed, \d+ ms\)$", result.Lines[^1]);
    }
}
