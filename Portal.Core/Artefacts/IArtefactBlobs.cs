namespace Portal.Core.Artefacts;

/// <summary>
/// Where artefacts and datasets are kept, by a key relative to the store (<c>credit-risk/v3.zip</c>,
/// <c>datasets/{sha256}.csv</c>): a folder (the default) or an S3-compatible bucket. A failure to reach the store is a
/// <see cref="BlobStoreException"/> whose message names the key and the reason, never the folder, endpoint or credentials.
/// </summary>
public interface IArtefactBlobs
{
    /// <summary>Writes <paramref name="content"/> under <paramref name="key"/>, replacing what was there, all or nothing.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken ct = default);

    /// <summary>
    /// Writes the file at <paramref name="sourcePath"/> under <paramref name="key"/>, all or nothing, without reading it
    /// into memory: a folder store moves the file in (so it must be on the store's volume, see <see cref="LocalPathOf"/>),
    /// a remote store uploads it as a stream and leaves it where it is. The caller deletes whatever is left.
    /// </summary>
    Task PutFileAsync(string key, string sourcePath, CancellationToken ct = default);

    /// <summary>The bytes under <paramref name="key"/>, or null when there is no such object.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// Writes the object under <paramref name="key"/> to a new file at <paramref name="destinationPath"/> as a stream,
    /// without holding it in memory (datasets run to gigabytes); false, and no file, when there is no such object.
    /// </summary>
    Task<bool> GetFileAsync(string key, string destinationPath, CancellationToken ct = default);

    /// <summary>Removes the object (no error when it is already gone).</summary>
    Task DeleteAsync(string key, CancellationToken ct = default);

    Task<bool> ExistsAsync(string key, CancellationToken ct = default);

    /// <summary>
    /// The local file that holds <paramref name="key"/> when the store is a folder, or null for a remote store: the
    /// callers then read through a <see cref="DigestCache"/>.
    /// </summary>
    string? LocalPathOf(string key);
}
