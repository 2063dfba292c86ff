namespace Portal.Core.Validation;

/// <summary>
/// Reads the disk space of the portal's folders: the data folder always, the models folder only when it lies on
/// another file system (on the same one it would repeat the same numbers). Cheap (a statfs each), so read at scrape time.
/// </summary>
public sealed class DiskUsageReader(string dataPath, string modelsPath)
{
    public const string DataFolder = "data";
    public const string ModelsFolder = "models";

    public IReadOnlyList<DiskUsage> Read()
    {
        var data = Read(DataFolder, dataPath);
        var models = Read(ModelsFolder, modelsPath);
        return models.Mount == data.Mount ? [data] : [data, models];
    }

    public static DiskUsage Read(string folder, string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var mount = MountOf(full);
        // DriveInfo of the mount point reports that file system's space; a folder not yet created is measured where it would be.
        var drive = new DriveInfo(mount);
        return new DiskUsage(folder, full, mount, drive.TotalSize, drive.AvailableFreeSpace);
    }

    /// <summary>The longest mount point that contains <paramref name="path"/> (the root when none is listed).</summary>
    private static string MountOf(string path)
    {
        var best = System.IO.Path.GetPathRoot(path) ?? "/";
        foreach (var drive in DriveInfo.GetDrives())
        {
            var name = drive.Name;
            var prefix = name.EndsWith(System.IO.Path.DirectorySeparatorChar) ? name : name + System.IO.Path.DirectorySeparatorChar;
            if ((path == name || path.StartsWith(prefix, StringComparison.Ordinal)) && name.Length > best.Length) best = name;
        }

        return best;
    }
}
