using System.Formats.Tar;
using System.IO.Compression;

namespace Portal.Core.Backup;

/// <summary>
/// A backup ready to stream: the database already copied to a temporary file beside it and every file listed with its
/// hash, so the manifest is complete before the first byte goes out and a failure shows before a download starts.
/// Each file is hashed again as it is streamed: one that changed in between fails the backup instead of shipping bytes
/// the manifest does not describe. Disposing removes the database copy.
/// </summary>
public sealed class BackupSnapshot : IAsyncDisposable
{
    private const int BufferSize = 81_920;
    private readonly IReadOnlyList<(BackupFile File, string DiskPath)> _files;
    private readonly string _databaseCopy;

    private BackupSnapshot(BackupManifest manifest, IReadOnlyList<(BackupFile, string)> files, string databaseCopy)
    {
        Manifest = manifest;
        _files = files;
        _databaseCopy = databaseCopy;
    }

    public BackupManifest Manifest { get; }

    /// <summary>portal-backup-20261205T103000Z.tar.gz: sorts by time, no characters a file system refuses.</summary>
    public string FileName => $"portal-backup-{Manifest.CreatedAt.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}.tar.gz";

    /// <summary>
    /// The database first, then the files: every artefact and dataset the copied database names already exists by then
    /// (both are written before the row that names them), so the archive never holds a row whose file it lacks.
    /// </summary>
    public static async Task<BackupSnapshot> TakeAsync(IBackupDatabase database, BackupFolders folders, string portalVersion, TimeProvider clock, CancellationToken ct = default)
    {
        if (!File.Exists(folders.DatabaseFile))
            throw new BackupRefusedException($"There is no database at {folders.DatabaseFile}: --data must be the portal's data folder.");
        var copy = Path.Combine(folders.DataPath, $".backup-{Guid.NewGuid():N}.db");
        try
        {
            var createdAt = clock.GetUtcNow();
            var migration = await database.SnapshotAsync(copy, ct);
            var files = new List<(BackupFile, string)> { (await DescribeAsync(BackupLayout.Database, copy, ct), copy) };
            foreach (var (archivePath, diskPath) in BackupLayout.FilesOf(folders)) files.Add((await DescribeAsync(archivePath, diskPath, ct), diskPath));
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, portalVersion, migration, createdAt, files.Select(f => f.Item1).ToList());
            return new BackupSnapshot(manifest, files, copy);
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
    }

    /// <summary>Writes the tar.gz to <paramref name="output"/> with asynchronous writes only (Kestrel refuses synchronous ones).</summary>
    public async Task WriteAsync(Stream output, CancellationToken ct = default)
    {
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            using (var manifest = new MemoryStream(Manifest.ToJson()))
                await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupLayout.Manifest) { DataStream = manifest, ModificationTime = Manifest.CreatedAt }, ct);

            foreach (var (file, diskPath) in _files) await WriteFileAsync(tar, file, diskPath, ct);
        }

        await gzip.FlushAsync(ct);
    }

    private static async Task WriteFileAsync(TarWriter tar, BackupFile file, string diskPath, CancellationToken ct)
    {
        try
        {
            var stream = new FileStream(diskPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using var hashing = new HashingStream(stream);
            if (stream.Length != file.Size) throw Changed(file.Path);
            var entry = new PaxTarEntry(TarEntryType.RegularFile, file.Path) { DataStream = hashing, ModificationTime = File.GetLastWriteTimeUtc(diskPath) };
            if (!OperatingSystem.IsWindows()) entry.Mode = File.GetUnixFileMode(diskPath);
            await tar.WriteEntryAsync(entry, ct);
            if (hashing.Count != file.Size || hashing.Sha256Hex() != file.Sha256) throw Changed(file.Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Changed(file.Path, ex);
        }
    }

    private static BackupRefusedException Changed(string path, Exception? inner = null) =>
        new($"{path} changed or disappeared while the backup was written: take the backup again.", inner);

    private static async Task<BackupFile> DescribeAsync(string archivePath, string diskPath, CancellationToken ct)
    {
        await using var stream = new FileStream(diskPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(stream, ct);
        return new BackupFile(archivePath, stream.Length, Convert.ToHexStringLower(hash));
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(_databaseCopy);
        return ValueTask.CompletedTask;
    }
}
