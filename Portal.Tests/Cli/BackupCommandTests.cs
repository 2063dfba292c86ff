using System.Net.Http.Json;
using Portal.Cli;
using Portal.Core.Auth;
using Portal.Tests.Api;
using Portal.Tests.Core.Backup;

namespace Portal.Tests.Cli;

/// <summary>`portal backup` and `portal restore` against a real portal's folders (the API tests' factory): exit codes and one-line reasons.</summary>
public sealed class BackupCommandTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>, IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "portal-tests", "cli-backup-" + Guid.NewGuid().ToString("N"));

    private sealed record Run(int Exit, string Out, string Error);

    private static async Task<Run> PortalAsync(string[] args, string? url = null, string? apiKey = null, HttpMessageHandler? handler = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliEnvironment { Out = output, Error = error, Url = url, ApiKey = apiKey, Handler = handler });
        return new Run(exit, output.ToString(), error.ToString());
    }

    private string Work(string name) => Path.Combine(_work, name);

    [Fact]
    public async Task BackupThenRestore_LocalFolders_RestoresAndARepeatIsRefused()
    {
        var archive = Work("portal.tar.gz");

        var backup = await PortalAsync(["backup", "--data", fixture.Factory.Root, "--to", archive]);
        Assert.True(backup.Exit == ExitCodes.Ok, backup.Error);
        Assert.StartsWith("Backed up ", backup.Out);

        var restore = await PortalAsync(["restore", archive, "--data", Work("restored")]);
        Assert.True(restore.Exit == ExitCodes.Ok, restore.Error);
        Assert.True(File.Exists(Path.Combine(Work("restored"), "portal.db")));
        Assert.True(File.Exists(Path.Combine(Work("restored"), "models", TrainedModelFixture.Model, "v1.zip")));
        Assert.Contains($"Portal__DataPath={Work("restored")}", restore.Out);

        var again = await PortalAsync(["restore", archive, "--data", Work("restored")]);
        Assert.Equal(ExitCodes.Refused, again.Exit);
        Assert.Single(again.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("is not empty", again.Error);
    }

    [Fact]
    public async Task Restore_TamperedArchive_ExitsOneNamingTheFileAndWritesNothing()
    {
        var archive = Work("portal.tar.gz");
        Assert.Equal(ExitCodes.Ok, (await PortalAsync(["backup", "--data", fixture.Factory.Root, "--to", archive])).Exit);
        var model = $"models/{TrainedModelFixture.Model}/v1.zip";
        await File.WriteAllBytesAsync(archive, await BackupFolderFixture.RewriteAsync(await File.ReadAllBytesAsync(archive),
            (name, content) => name == model ? [.. content.Reverse()] : content));

        var restore = await PortalAsync(["restore", archive, "--data", Work("restored")]);

        Assert.Equal(ExitCodes.Refused, restore.Exit);
        Assert.Equal($"Restore refused: {model} does not match its SHA-256 in the manifest: the archive was altered.", restore.Error.Trim());
        Assert.False(Directory.Exists(Work("restored")));
    }

    [Fact]
    public async Task Restore_TruncatedArchive_ExitsOne()
    {
        var archive = Work("portal.tar.gz");
        Assert.Equal(ExitCodes.Ok, (await PortalAsync(["backup", "--data", fixture.Factory.Root, "--to", archive])).Exit);
        var bytes = await File.ReadAllBytesAsync(archive);
        await File.WriteAllBytesAsync(archive, bytes[..(bytes.Length / 2)]);

        var restore = await PortalAsync(["restore", archive, "--data", Work("restored")]);

        Assert.Equal(ExitCodes.Refused, restore.Exit);
        Assert.Contains("truncated", restore.Error);
        Assert.False(Directory.Exists(Work("restored")));
    }

    [Theory]
    [InlineData("backup", "--data", "DATA")] // no --to
    [InlineData("restore", "--data", "DATA")] // no file
    [InlineData("restore", "MISSING", "--data", "NEW")]
    [InlineData("backup", "--data", "NEW", "--to", "OUT")] // no such data folder
    [InlineData("backup", "--data", "DATA", "--models", "NEW", "--to", "OUT")] // no such artefact store
    [InlineData("backup", "--to", "OUT")] // neither --data nor a portal address
    public async Task Command_BadUsage_ExitsTwo(params string[] args)
    {
        var resolved = args.Select(a => a switch
        {
            "DATA" => fixture.Factory.Root,
            "NEW" => Work("new"),
            "MISSING" => Work("missing.tar.gz"),
            "OUT" => Work("out.tar.gz"),
            _ => a,
        }).ToArray();

        var run = await PortalAsync(resolved);

        Assert.Equal(ExitCodes.Usage, run.Exit);
        Assert.NotEmpty(run.Error.Trim());
        Assert.False(File.Exists(Work("out.tar.gz")));
    }

    [Fact]
    public async Task Backup_FromThePortalWithAnAdminKey_DownloadsAnArchiveThatRestores()
    {
        var key = await KeyAsync(Roles.Admin);
        var archive = Work("download.tar.gz");

        var backup = await PortalAsync(["backup", "--to", archive], "http://localhost", key, fixture.Factory.Server.CreateHandler());

        Assert.True(backup.Exit == ExitCodes.Ok, backup.Error);
        var restore = await PortalAsync(["restore", archive, "--data", Work("restored")]);
        Assert.True(restore.Exit == ExitCodes.Ok, restore.Error);
        Assert.True(File.Exists(Path.Combine(Work("restored"), "models", TrainedModelFixture.Model, "v1.zip")));
    }

    [Fact]
    public async Task Backup_FromThePortalWithAViewerKey_ExitsThree()
    {
        var key = await KeyAsync(Roles.Viewer);

        var backup = await PortalAsync(["backup", "--to", Work("download.tar.gz")], "http://localhost", key, fixture.Factory.Server.CreateHandler());

        Assert.True(backup.Exit == ExitCodes.Unreachable, backup.Error);
        Assert.Contains("(403)", backup.Error);
        Assert.False(File.Exists(Work("download.tar.gz")));
    }

    private async Task<string> KeyAsync(string role)
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var created = await admin.PostAsJsonAsync("/api/keys", new { name = $"backup-{Guid.NewGuid():N}"[..20], role });
        created.EnsureSuccessStatusCode();
        return (await created.JsonAsync()).GetProperty("key").GetString()!;
    }

    public void Dispose()
    {
        if (Directory.Exists(_work)) Directory.Delete(_work, recursive: true);
    }
}
