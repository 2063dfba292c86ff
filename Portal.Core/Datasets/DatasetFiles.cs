using Portal.Core.Artefacts;
using Portal.Core.Common;

namespace Portal.Core.Datasets;

/// <summary>
/// Keeps uploaded CSV files, named by their SHA-256, so the same file is stored once: in the datasets folder (the
/// default), or in the artefact store's bucket under <c>datasets/</c>, read through the replica's <see cref="DigestCache"/>
/// so training reads a local file that hashes to its name.
/// </summary>
public sealed class DatasetFiles(IArtefactBlobs blobs, string keyPrefix, DigestCache? cache)
{
    /// <summary>The default: <c>{sha256}.csv</c> files in <paramref name="directory"/>.</summary>
    public DatasetFiles(string directory) : this(new FileArtefactBlobs(directory), "", null)
    {
    }

    /// <summary>The key prefix of datasets in a shared bucket.</summary>
    public const string BucketPrefix = "datasets/";

    public async Task SaveAsync(string sha256, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        if (await blobs.ExistsAsync(KeyOf(sha256), ct)) return;
        await blobs.PutAsync(KeyOf(sha256), content, ct);
        if (blobs.LocalPathOf(KeyOf(sha256)) is null && cache is not null) cache.Put(sha256, content.Span);
    }

    /// <summary>
    /// A new temporary file name for an upload that is still arriving, on the volume it will be kept on: the datasets
    /// folder, or the local cache for a bucket (so <see cref="SaveFileAsync"/> renames rather than copies).
    /// </summary>
    public string TempPath()
    {
        if (blobs.LocalPathOf(KeyOf(new string('0', 64))) is { } local)
        {
            var folder = Path.GetDirectoryName(local)!;
            Directory.CreateDirectory(folder);
            return Path.Combine(folder, "upload.tmp-" + Guid.NewGuid().ToString("N"));
        }

        return cache?.TempPath() ?? Path.Combine(Path.GetTempPath(), "portal-upload.tmp-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>
    /// Keeps the file at <paramref name="path"/> (from <see cref="TempPath"/>, already hashed to <paramref name="sha256"/>)
    /// as the dataset's file: moved into the folder, or uploaded as a stream to the bucket and then moved into the local
    /// cache. The file may be gone afterwards; the caller deletes it if not.
    /// </summary>
    public async Task SaveFileAsync(string sha256, string path, CancellationToken ct = default)
    {
        var key = KeyOf(sha256);
        if (await blobs.ExistsAsync(key, ct)) return;
        await blobs.PutFileAsync(key, path, ct);
        if (blobs.LocalPathOf(key) is null && cache is not null) cache.PutFile(sha256, path);
    }

    /// <summary>The file's content, from the folder or the local copy of the stored object (fetched and checked when missing).</summary>
    public Stream Open(string sha256)
    {
        var key = KeyOf(sha256);
        if (blobs.LocalPathOf(key) is { } path) return File.OpenRead(path);
        if (cache?.TryGet(sha256) is { } cached) return File.OpenRead(cached);
        // Training is synchronous here; a fetch happens once per replica and dataset, streamed to a file (datasets run to
        // gigabytes), hashed from the file, then kept in the cache.
        var temp = cache?.TempPath() ?? Path.Combine(Path.GetTempPath(), "portal-dataset.tmp-" + Guid.NewGuid().ToString("N"));
        try
        {
            if (!blobs.GetFileAsync(key, temp).GetAwaiter().GetResult())
                throw new FileNotFoundException($"The dataset file {key} is missing from the artefact store.");
            if (!string.Equals(Sha256Hex.OfFile(temp), sha256, StringComparison.OrdinalIgnoreCase))
                throw new IOException($"The dataset file {key} does not hash to its name: it was altered or replaced.");
            if (cache is not null)
            {
                try
                {
                    return File.OpenRead(cache.PutFile(sha256, temp));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A copy that cannot be kept: read the fetched file this time, and let it go when read.
                }
            }

            return new FileStream(temp, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 4096, FileOptions.DeleteOnClose);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public bool Exists(string sha256) => blobs.ExistsAsync(KeyOf(sha256)).GetAwaiter().GetResult();

    /// <summary>Removes the stored file and its local copy (no error when it is already gone).</summary>
    public async Task DeleteAsync(string sha256, CancellationToken ct = default)
    {
        await blobs.DeleteAsync(KeyOf(sha256), ct);
        if (blobs.LocalPathOf(KeyOf(sha256)) is null) cache?.Remove(sha256);
    }

    private string KeyOf(string sha256) => keyPrefix + sha256 + ".csv";
}
