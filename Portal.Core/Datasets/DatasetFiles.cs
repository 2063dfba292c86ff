namespace Portal.Core.Datasets;

/// <summary>Keeps uploaded CSV files on disk, named by their SHA-256, so the same file is stored once.</summary>
public sealed class DatasetFiles(string directory)
{
    public string Directory { get; } = directory;

    public async Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var path = PathOf(sha256);
        if (File.Exists(path)) return;
        System.IO.Directory.CreateDirectory(Directory);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>Removes the stored file (no error when it is already gone).</summary>
    public void Delete(string sha256) => File.Delete(PathOf(sha256));

    private string PathOf(string sha256) => Path.Combine(Directory, sha256 + ".csv");
}
