using System.Reflection;

namespace Portal.Core.Backup;

/// <summary>Takes backups of one portal's folders (the API's and the command line's entry point).</summary>
public sealed class BackupService(IBackupDatabase database, BackupFolders folders, TimeProvider clock)
{
    /// <summary>The version recorded in each manifest: the build's informational version.</summary>
    public static string PortalVersion { get; } =
        typeof(BackupService).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public BackupFolders Folders => folders;

    public Task<BackupSnapshot> TakeAsync(CancellationToken ct = default) => BackupSnapshot.TakeAsync(database, folders, PortalVersion, clock, ct);

    /// <summary>A backup straight to a file: written beside it under a temporary name and moved there when whole.</summary>
    public async Task<BackupManifest> WriteToFileAsync(string path, CancellationToken ct = default)
    {
        path = Path.GetFullPath(path);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using var snapshot = await TakeAsync(ct);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous))
                await snapshot.WriteAsync(file, ct);
            File.Move(temp, path, overwrite: true);
            return snapshot.Manifest;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
