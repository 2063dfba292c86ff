using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Cli;
using Portal.Core.Auth;
using Portal.Core.Predictions;
using Portal.Tests.Api;
using Portal.Tests.Data.Privacy;

namespace Portal.Tests.Cli.Privacy;

/// <summary>`portal pii-scrub [--dry-run] [--wait] [--json]` in-process against the real app holding a raw history.</summary>
public sealed class PiiScrubCommandTests : IAsyncLifetime
{
    private const int Rows = 35;

    private readonly PortalFactory _factory = new();
    private readonly string _config = Path.Combine(Path.GetTempPath(), "portal-cli-tests", Guid.NewGuid().ToString("N"));
    private string _key = "";

    public async Task InitializeAsync()
    {
        _factory.Settings["Portal:Monitoring:PiiFields:0"] = "Name";
        _factory.Settings["Portal:Privacy:ScrubBatchSize"] = "10";
        _factory.Settings["Portal:Privacy:ScrubPauseMilliseconds"] = "0";
        // Stored through the store (the writer's redaction bypassed), an hour ago: within the retention period.
        await _factory.Services.GetRequiredService<IPredictionStore>().AddBatchAsync(ScrubbedLog.Rows(Rows, DateTimeOffset.UtcNow.AddHours(-1)));
        using var admin = await _factory.ClientForAsync(Roles.Admin);
        var key = await admin.PostAsJsonAsync("/api/keys", new { name = "cli-admin", role = "Admin" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        _key = (await key.JsonAsync()).GetProperty("key").GetString()!;
    }

    private Task<CliResult> RunAsync(params string[] args) => CliFixture.RunAsync(new CliEnvironment
    {
        Url = _factory.Server.BaseAddress.ToString(),
        ApiKey = _key,
        Handler = _factory.Server.CreateHandler(),
        ConfigDirectory = _config,
        PollInterval = TimeSpan.FromMilliseconds(100),
        Out = new StringWriter(),
        Error = new StringWriter(),
    }, args);

    [Fact]
    public async Task PiiScrub_DryRunThenWait_SameCountsPrintedPerField()
    {
        var expected = ScrubbedLog.ExpectedFields(Rows);
        var redactedRows = ScrubbedLog.Rows(Rows).Count(r => r.InputsJson.Contains("Name") || r.InputsJson.Contains('@') || r.InputsJson.Contains("Tel"));

        var dry = await RunAsync("pii-scrub", "--dry-run");

        Assert.True(dry.ExitCode == ExitCodes.Ok, dry.ToString());
        Assert.Equal($"Dry run, nothing changed: {Rows} rows scanned, {redactedRows} would be redacted.", dry.Lines[0]);
        Assert.Matches(@"^FIELD\s+VALUES$", dry.Lines[1]);
        Assert.Equal(expected.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key},{f.Value}"),
            dry.Lines.Skip(2).Select(l => string.Join(',', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));

        var run = await RunAsync("pii-scrub", "--wait");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal($"PII scrub #1 completed: {Rows} rows scanned, {redactedRows} redacted.", run.Lines[0]);
        Assert.Equal(dry.Lines.Skip(1), run.Lines.Skip(1));
        Assert.Contains("waiting for it to end", run.Error, StringComparison.Ordinal);

        var after = await RunAsync("pii-scrub", "--dry-run", "--json");
        Assert.True(after.ExitCode == ExitCodes.Ok, after.ToString());
        Assert.Equal(Rows, after.Json.GetProperty("scanned").GetInt64());
        Assert.Equal(0, after.Json.GetProperty("redactedRows").GetInt64());
    }

    [Fact]
    public async Task PiiScrub_JsonWithoutWait_PrintsTheJobAndANonAdminKeyIsRefused()
    {
        var started = await RunAsync("pii-scrub", "--json");

        Assert.True(started.ExitCode == ExitCodes.Ok, started.ToString());
        Assert.Equal(1, started.Json.GetProperty("id").GetInt64());
        Assert.Equal("key:cli-admin", started.Json.GetProperty("startedBy").GetString());

        using var admin = await _factory.ClientForAsync(Roles.Admin);
        var viewerKey = (await (await admin.PostAsJsonAsync("/api/keys", new { name = "cli-viewer", role = "Viewer" })).JsonAsync()).GetProperty("key").GetString()!;
        _key = viewerKey;
        var refused = await RunAsync("pii-scrub", "--dry-run");

        Assert.Equal(ExitCodes.Unreachable, refused.ExitCode);
        Assert.Empty(refused.Out);
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (Directory.Exists(_config)) Directory.Delete(_config, recursive: true);
    }
}
