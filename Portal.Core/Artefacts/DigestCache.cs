using System.Collections.Concurrent;
using Portal.Core.Common;

namespace Portal.Core.Artefacts;

/// <summary>
/// A replica's local copies of remote artefacts and datasets, one file per SHA-256 (<c>{DataPath}/cache/artefacts/{sha256}</c>):
/// content-addressed, so a copy never goes stale, a second load does not go to the store, and a copy that no longer
/// hashes to its name is dropped and fetched again.
/// </summary>
public sealed class DigestCache(string folder)
{
    // Copies checked (or written) by this process, by length and write time: a dataset copy runs to gigabytes and is
    // opened once per training pass, so it is hashed once, and again only when the file changes.
    private readonly ConcurrentDictionary<string, (long Length, DateTime Written)> _checked = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The cached file for <paramref name="sha256"/> when it is there and still hashes right; a damaged copy is deleted.</summary>
    public string? TryGet(string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path)) return null;
        try
        {
            if (_checked.TryGetValue(path, out var seen) && seen == Stamp(path)) return path;
            if (string.Equals(Sha256Hex.OfFile(path), sha256, StringComparison.OrdinalIgnoreCase)) return Checked(path);
            _checked.TryRemove(path, out _);
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable copy is as good as none: the caller fetches the artefact again.
        }

        return null;
    }

    /// <summary>Keeps <paramref name="content"/> (already checked to hash to <paramref name="sha256"/>) and returns its file.</summary>
    public string Put(string sha256, ReadOnlySpan<byte> content)
    {
        var path = PathOf(sha256);
        Directory.CreateDirectory(Folder);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = File.Create(temp)) stream.Write(content);
        File.Move(temp, path, overwrite: true);
        return Checked(path);
    }

    /// <summary>
    /// Moves the file at <paramref name="sourcePath"/> (already checked to hash to <paramref name="sha256"/>) in and returns
    /// its new path: a rename when the file is on the cache's volume (<see cref="TempPath"/>), a copy and delete otherwise.
    /// </summary>
    public string PutFile(string sha256, string sourcePath)
    {
        var path = PathOf(sha256);
        Directory.CreateDirectory(Folder);
        File.Move(sourcePath, path, overwrite: true);
        return Checked(path);
    }

    /// <summary>A new temporary file name in the cache folder (created with it), for content still arriving.</summary>
    public string TempPath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, "upload.tmp-" + Guid.NewGuid().ToString("N"));
    }

    public void Remove(string sha256)
    {
        _checked.TryRemove(PathOf(sha256), out _);
        File.Delete(PathOf(sha256));
    }

    /// <summary>Where a companion of the artefact <paramref name="sha256"/> (e.g. <c>.explain.json</c>) is kept beside its copy.</summary>
    public string CompanionPath(string sha256, string suffix) => PathOf(sha256) + suffix;

    public void PutCompanion(string sha256, string suffix, ReadOnlySpan<byte> content)
    {
        var path = CompanionPath(sha256, suffix);
        Directory.CreateDirectory(Folder);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var stream = File.Create(temp)) stream.Write(content);
        File.Move(temp, path, overwrite: true);
    }

    private string Checked(string path)
    {
        _checked[path] = Stamp(path);
        return path;
    }

    private static (long, DateTime) Stamp(string path)
    {
        var info = new FileInfo(path);
        return (info.Length, info.LastWriteTimeUtc);
    }

    private string PathOf(string sha256) =>
        sha256.Length == 64 && sha256.All(char.IsAsciiHexDigit)
            ? Path.Combine(Folder, sha256.ToLowerInvariant())
            : throw new ArgumentException($"'{sha256}' is not a SHA-256.", nameof(sha256));
}
