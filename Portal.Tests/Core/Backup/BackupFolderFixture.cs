using System.Formats.Tar;
using System.IO.Compression;
using Portal.Core.Backup;

namespace Portal.Tests.Core.Backup;

/// <summary>
/// A portal's folders on disk (database file, artefacts, datasets, JWT key, data-protection keys) with a stand-in for the
/// database's snapshot, and helpers that take a backup, restore it, and rewrite an archive the way an attacker or a
/// broken copy would.
/// </summary>
public sealed class BackupFolderFixture : IDisposable
{
    public const string Migration = "20261205033628_Retraining";
    public static readonly IReadOnlyList<string> Known = ["20261122222500_OneTreePredictionLog", Migration];

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "portal-tests", "backup-" + Guid.NewGuid().ToString("N"));
    public BackupFolders Source { get; }
    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 12, 5, 10, 30, 0, TimeSpan.Zero));

    public BackupFolderFixture()
    {
        Source = new BackupFolders(Path.Combine(Root, "portal", "data"), Path.Combine(Root, "portal", "models"));
        Write(Source.DatabaseFile, "the live database");
        Write(Path.Combine(Source.ModelsPath, "credit-risk", "v1.zip"), "model one");
        // Incompressible and large enough that a cut at any fraction of the archive lands inside a file.
        var bytes = new byte[256 * 1024];
        new Random(17).NextBytes(bytes);
        Directory.CreateDirectory(Path.Combine(Source.ModelsPath, "credit-risk"));
        File.WriteAllBytes(Path.Combine(Source.ModelsPath, "credit-risk", "v2.onnx"), bytes);
        Write(Path.Combine(Source.ModelsPath, "credit-risk", "v3.zip.tmp-0123"), "half-written");
        Write(Path.Combine(Source.DataPath, "datasets", "abc.csv"), "a,b\n1,2\n");
        Write(Path.Combine(Source.DataPath, "jwt-signing.key"), "secret");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(Source.DataPath, "jwt-signing.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Write(Path.Combine(Source.DataPath, "keys", "key-1.xml"), "<key/>");
    }

    public BackupFolders Target(string name = "restored") => new(Path.Combine(Root, name, "data"), Path.Combine(Root, name, "models"));

    public async Task<byte[]> BackupAsync(string migration = Migration)
    {
        await using var snapshot = await BackupSnapshot.TakeAsync(new CopyDatabase(Source.DatabaseFile, migration), Source, "1.2.3", Clock);
        using var archive = new MemoryStream();
        await snapshot.WriteAsync(archive);
        return archive.ToArray();
    }

    public static Task<BackupManifest> RestoreAsync(byte[] archive, BackupFolders target) =>
        new BackupRestorer(Known).RestoreAsync(new MemoryStream(archive), target);

    /// <summary>The archive rebuilt entry by entry, each entry's content passed through <paramref name="change"/> (null drops it).</summary>
    public static async Task<byte[]> RewriteAsync(byte[] archive, Func<string, byte[], byte[]?> change, (string Name, byte[] Content)? extra = null)
    {
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            await using var reader = new TarReader(new GZipStream(new MemoryStream(archive), CompressionMode.Decompress));
            while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
            {
                using var content = new MemoryStream();
                await entry.DataStream!.CopyToAsync(content);
                if (change(entry.Name, content.ToArray()) is not { } changed) continue;
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, entry.Name) { DataStream = new MemoryStream(changed) });
            }

            if (extra is { } add) await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, add.Name) { DataStream = new MemoryStream(add.Content) });
        }

        return output.ToArray();
    }

    public static void Write(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    /// <summary>Stands in for SQLite's snapshot: copies the file and reports a migration id.</summary>
    private sealed class CopyDatabase(string file, string migration) : IBackupDatabase
    {
        public IReadOnlyList<string> KnownMigrations => Known;

        public Task<string> SnapshotAsync(string destination, CancellationToken ct = default)
        {
            File.Copy(file, destination);
            return Task.FromResult(migration);
        }
    }
}
