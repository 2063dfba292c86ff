using System.Net;
using Microsoft.Data.Sqlite;
using Portal.Core.Auth;
using Portal.Core.Backup;
using Portal.Data.Backup;

namespace Portal.Tests.Api;

/// <summary>POST /api/admin/backup on the real app: Admin only, an archive that restores, the audit entry, no copy left behind.</summary>
public sealed class BackupApiTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>, IDisposable
{
    private readonly string _target = Path.Combine(Path.GetTempPath(), "portal-tests", "restore-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Backup_AsAdmin_StreamsAnArchiveThatRestoresTheRegistry()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);

        var response = await admin.PostAsync("/api/admin/backup", null);

        if (await RefusedOnPostgresAsync(response)) return;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^portal-backup-\d{8}T\d{6}Z\.tar\.gz$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var folders = new BackupFolders(Path.Combine(_target, "data"), Path.Combine(_target, "models"));
        var manifest = await new BackupRestorer(SqliteBackupDatabase.Known).RestoreAsync(await response.Content.ReadAsStreamAsync(), folders);

        Assert.Equal(SqliteBackupDatabase.Known[^1], manifest.MigrationId);
        Assert.Contains(manifest.Files, f => f.Path == $"models/{TrainedModelFixture.Model}/v1.zip");
        Assert.Contains(manifest.Files, f => f.Path.StartsWith("datasets/", StringComparison.Ordinal) && f.Path.EndsWith(".csv", StringComparison.Ordinal));
        await using var restored = new SqliteConnection($"Data Source={Path.Combine(folders.DataPath, "portal.db")};Pooling=False");
        await restored.OpenAsync();
        Assert.Equal("ok", await ScalarAsync(restored, "PRAGMA integrity_check"));
        Assert.Equal("delete", await ScalarAsync(restored, "PRAGMA journal_mode"));
        Assert.Equal($"{TrainedModelFixture.Model}/v1.zip", await ScalarAsync(restored, "SELECT ArtefactPath FROM ModelVersions"));
        // The database copy the backup streamed from is gone from the live data folder.
        Assert.Empty(Directory.GetFiles(fixture.Factory.Root, ".backup-*"));
    }

    [Fact]
    public async Task Backup_AsAdmin_IsRecordedInTheAuditLog()
    {
        using var admin = await fixture.Factory.ClientForAsync(Roles.Admin);
        var before = (await (await admin.GetAsync("/api/audit?action=backup.taken")).JsonAsync()).GetArrayLength();
        var response = await admin.PostAsync("/api/admin/backup", null);

        var entries = await (await admin.GetAsync("/api/audit?action=backup.taken")).JsonAsync();
        if (await RefusedOnPostgresAsync(response))
        {
            Assert.Equal(before, entries.GetArrayLength());
            return;
        }

        response.EnsureSuccessStatusCode();

        Assert.Equal(before + 1, entries.GetArrayLength());
        var entry = entries[0]; // newest first
        Assert.Equal("admin", entry.GetProperty("actor").GetString());
        Assert.StartsWith("portal-backup-", entry.GetProperty("target").GetString());
        Assert.Equal(SqliteBackupDatabase.Known[^1], entry.GetProperty("details").GetProperty("migration").GetString());
    }

    [Theory]
    [InlineData(Roles.DataScientist)]
    [InlineData(Roles.Viewer)]
    public async Task Backup_NotAnAdmin_Forbidden(string role)
    {
        using var client = await fixture.Factory.ClientForAsync(role);

        var response = await client.PostAsync("/api/admin/backup", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Backup_Anonymous_Unauthorized()
    {
        using var client = fixture.Factory.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/admin/backup", null)).StatusCode);
    }

    /// <summary>
    /// The backup copies a SQLite file: on the PostgreSQL pass it must refuse with 409 naming pg_dump (and record nothing),
    /// which this checks; true when it did, so the SQLite assertions are not run.
    /// </summary>
    private static async Task<bool> RefusedOnPostgresAsync(HttpResponseMessage response)
    {
        if (!PortalFactory.OnPostgres) return false;
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("pg_dump", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        return true;
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    public void Dispose()
    {
        if (Directory.Exists(_target)) Directory.Delete(_target, recursive: true);
    }
}
