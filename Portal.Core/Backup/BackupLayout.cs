using Portal.Core.Registry;

namespace Portal.Core.Backup;

/// <summary>
/// Where each file sits in the archive and on disk: manifest.json first, then db/portal.db, models/..., datasets/...,
/// keys/jwt-signing.key and keys/dataprotection/.... Archive paths use '/' and never leave their folder.
/// </summary>
public static class BackupLayout
{
    public const string Manifest = "manifest.json";
    public const string Database = "db/portal.db";
    public const string ModelsPrefix = "models/";
    public const string DatasetsPrefix = "datasets/";
    public const string JwtKey = "keys/jwt-signing.key";
    public const string DataProtectionPrefix = "keys/dataprotection/";

    /// <summary>Every file to back up besides the database, as (archive path, disk path), in archive order.</summary>
    public static IEnumerable<(string ArchivePath, string DiskPath)> FilesOf(BackupFolders folders)
    {
        foreach (var file in Under(folders.ModelsPath, ModelsPrefix)) yield return file;
        foreach (var file in Under(Path.Combine(folders.DataPath, BackupFolders.DatasetsFolder), DatasetsPrefix)) yield return file;
        var jwt = Path.Combine(folders.DataPath, BackupFolders.JwtKeyFileName);
        if (File.Exists(jwt)) yield return (JwtKey, jwt);
        foreach (var file in Under(Path.Combine(folders.DataPath, BackupFolders.KeysFolder), DataProtectionPrefix)) yield return file;
    }

    /// <summary>The file an archive path restores to, or null for a path this layout does not know (or one that climbs out).</summary>
    public static string? DiskPathOf(string archivePath, BackupFolders folders)
    {
        if (ArtefactArchive.UnsafeName(archivePath) is not null || archivePath.Contains('\\', StringComparison.Ordinal)) return null;
        if (archivePath == Database) return folders.DatabaseFile;
        if (archivePath == JwtKey) return Path.Combine(folders.DataPath, BackupFolders.JwtKeyFileName);
        if (Inside(archivePath, ModelsPrefix) is { } model) return Path.Combine(folders.ModelsPath, model);
        if (Inside(archivePath, DatasetsPrefix) is { } dataset) return Path.Combine(folders.DataPath, BackupFolders.DatasetsFolder, dataset);
        if (Inside(archivePath, DataProtectionPrefix) is { } key) return Path.Combine(folders.DataPath, BackupFolders.KeysFolder, key);
        return null;
    }

    private static string? Inside(string archivePath, string prefix) =>
        archivePath.StartsWith(prefix, StringComparison.Ordinal) && archivePath.Length > prefix.Length ? archivePath[prefix.Length..] : null;

    private static IEnumerable<(string, string)> Under(string folder, string prefix)
    {
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            // A file being written is a temporary that is moved into place when whole: it is not part of any state yet.
            .Where(path => !Path.GetFileName(path).Contains(".tmp-", StringComparison.Ordinal))
            .Select(path => (prefix + Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/'), path))
            .OrderBy(file => file.Item1, StringComparer.Ordinal);
    }
}
