namespace Portal.Core.Artefacts;

/// <summary>The default store: one file per key under a folder, written through a temporary file and a rename.</summary>
public sealed class FileArtefactBlobs(string root) : IArtefactBlobs
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
    }

    public Task PutFileAsync(string key, string sourcePath, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A rename on one volume: the content appears whole or not at all, and nothing is copied.
        File.Move(sourcePath, path, overwrite: true);
        return Task.CompletedTask;
    }

    public async Task<byte[]?> GetAsync(string key, CancellationToken ct = default)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, ct) : null;
    }

    public async Task<bool> GetFileAsync(string key, string destinationPath, CancellationToken ct = default)
    {
        var path = PathOf(key);
        if (!File.Exists(path)) return false;
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var target = new FileStream(destinationPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        await source.CopyToAsync(target, 128 * 1024, ct);
        return true;
    }

    public Task DeleteAsync(string key, CancellationToken ct = default)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken ct = default) => Task.FromResult(File.Exists(PathOf(key)));

    public string? LocalPathOf(string key) => PathOf(key);

    /// <summary>The file a key names; the callers have refused keys that are rooted or climb out of the store.</summary>
    public string PathOf(string key) => Path.GetFullPath(Path.Combine(Root, key));
}
