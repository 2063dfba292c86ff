using System.Formats.Tar;
using System.IO.Compression;

namespace Portal.Core.Backup;

/// <summary>
/// Restores a backup into an empty (or missing) data folder and artefact store. Everything is first extracted into a
/// temporary folder beside the data folder and checked against the manifest (each file's size and SHA-256, nothing
/// missing, nothing extra, a schema this build knows); only then are the files moved into place. A refusal leaves the
/// targets as they were.
/// </summary>
public sealed class BackupRestorer(IReadOnlyList<string> knownMigrations)
{
    private const int MaxManifestBytes = 64 * 1024 * 1024;

    public async Task<BackupManifest> RestoreAsync(Stream archive, BackupFolders target, CancellationToken ct = default)
    {
        target = new BackupFolders(Path.GetFullPath(target.DataPath), Path.GetFullPath(target.ModelsPath));
        RefuseNonEmpty(target.DataPath, "data folder");
        RefuseNonEmpty(target.ModelsPath, "models folder");

        var parent = Path.GetDirectoryName(target.DataPath.TrimEnd(Path.DirectorySeparatorChar)) ?? target.DataPath;
        var staging = Path.Combine(parent, $".{Path.GetFileName(target.DataPath.TrimEnd(Path.DirectorySeparatorChar))}.restore-{Guid.NewGuid():N}");
        var staged = new BackupFolders(Path.Combine(staging, "data"), Path.Combine(staging, "models"));
        try
        {
            var manifest = await ExtractAsync(archive, staged, ct);
            MoveIntoPlace(manifest, staged, target);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    private async Task<BackupManifest> ExtractAsync(Stream archive, BackupFolders staged, CancellationToken ct)
    {
        try
        {
            await using var gzip = new GZipStream(archive, CompressionMode.Decompress, leaveOpen: true);
            await using var reader = new TarReader(gzip, leaveOpen: true);
            var first = await reader.GetNextEntryAsync(copyData: false, ct);
            if (first is null || first.Name != BackupLayout.Manifest || first.DataStream is null || first.Length > MaxManifestBytes)
                throw new BackupRefusedException($"The archive is not a Portal backup: it does not begin with {BackupLayout.Manifest}.");
            using var json = new MemoryStream();
            await first.DataStream.CopyToAsync(json, ct);
            var manifest = BackupManifest.Parse(json.ToArray()) ?? throw new BackupRefusedException($"The archive's {BackupLayout.Manifest} cannot be read: it is not a Portal backup manifest.");
            CheckCompatible(manifest);

            var expected = new Dictionary<string, BackupFile>(StringComparer.Ordinal);
            foreach (var file in manifest.Files)
            {
                if (BackupLayout.DiskPathOf(file.Path, staged) is null || !expected.TryAdd(file.Path, file))
                    throw new BackupRefusedException($"The manifest lists '{file.Path}', which is not a path a Portal backup holds (or is listed twice).");
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (!expected.TryGetValue(entry.Name, out var file))
                    throw new BackupRefusedException($"The archive holds '{entry.Name}', which its manifest does not list: it was altered.");
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !seen.Add(entry.Name))
                    throw new BackupRefusedException($"The archive's entry '{entry.Name}' is not a single regular file: it was altered.");
                await ExtractFileAsync(entry, file, BackupLayout.DiskPathOf(file.Path, staged)!, ct);
            }

            var missing = manifest.Files.Where(f => !seen.Contains(f.Path)).Select(f => f.Path).ToList();
            if (missing.Count > 0)
                throw new BackupRefusedException($"The archive is truncated: {missing[0]}{(missing.Count > 1 ? $" and {missing.Count - 1} more file(s)" : "")} listed in its manifest is missing.");
            return manifest;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException)
        {
            throw new BackupRefusedException($"The archive is truncated or damaged: {ex.Message}", ex);
        }
    }

    private void CheckCompatible(BackupManifest manifest)
    {
        if (manifest.Format != BackupManifest.CurrentFormat)
            throw new BackupRefusedException($"The archive has layout {manifest.Format}, which this Portal build (layout {BackupManifest.CurrentFormat}) cannot restore: restore it with Portal {manifest.PortalVersion} or newer.");
        if (!knownMigrations.Contains(manifest.MigrationId, StringComparer.Ordinal))
            throw new BackupRefusedException($"The archive's database is at migration {manifest.MigrationId}, which this Portal build does not know (its newest is {knownMigrations.LastOrDefault() ?? "none"}): it comes from a newer schema; restore it with Portal {manifest.PortalVersion} or newer.");
    }

    private static async Task ExtractFileAsync(TarEntry entry, BackupFile file, string destination, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var stream = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous);
        long count;
        string sha;
        await using (var hashing = new HashingStream(stream))
        {
            if (entry.DataStream is not null) await entry.DataStream.CopyToAsync(hashing, ct);
            count = hashing.Count;
            sha = hashing.Sha256Hex();
        }

        if (count != file.Size)
            throw new BackupRefusedException($"{file.Path} has {count} bytes but its manifest says {file.Size}: the archive is truncated or was altered.");
        if (sha != file.Sha256)
            throw new BackupRefusedException($"{file.Path} does not match its SHA-256 in the manifest: the archive was altered.");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(destination, entry.Mode | UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Same volume as the staging folder for the data folder, so these are renames; the artefact store may be elsewhere.</summary>
    private static void MoveIntoPlace(BackupManifest manifest, BackupFolders staged, BackupFolders target)
    {
        Directory.CreateDirectory(target.DataPath);
        Directory.CreateDirectory(target.ModelsPath);
        foreach (var file in manifest.Files)
        {
            var destination = BackupLayout.DiskPathOf(file.Path, target)!;
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(BackupLayout.DiskPathOf(file.Path, staged)!, destination, overwrite: false);
        }
    }

    private static void RefuseNonEmpty(string folder, string what)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BackupRefusedException($"The {what} {folder} is not empty: a backup is restored only into an empty or new folder, and nothing was written.");
        if (File.Exists(folder))
            throw new BackupRefusedException($"The {what} {folder} is a file: a backup is restored only into an empty or new folder, and nothing was written.");
    }
}
