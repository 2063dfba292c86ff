using Portal.Core.Artefacts;
using Portal.Core.Common;

namespace Portal.Core.Registry;

/// <summary>
/// The artefact store: one folder per model, one file per version. Versions record a key relative to the store
/// (<c>credit-risk/v3.zip</c>), never a server path: the store's folder can move (another data folder, another
/// Portal:ModelsPath, a bucket) and every key still resolves, and no message built from a key shows where the server keeps files.
/// The bytes live in <see cref="IArtefactBlobs"/>: a folder, or an S3-compatible bucket read through a local
/// <see cref="DigestCache"/>.
/// </summary>
public sealed class ArtefactStore(IArtefactBlobs blobs, DigestCache? cache)
{
    /// <summary>The default store: files under <paramref name="root"/>, read in place (no cache).</summary>
    public ArtefactStore(string root) : this(new FileArtefactBlobs(root), null)
    {
    }

    public IArtefactBlobs Blobs { get; } = blobs;

    /// <summary>The folder of a folder store (tests and tools); a bucket has none.</summary>
    public string Root => (Blobs as FileArtefactBlobs)?.Root ?? throw new InvalidOperationException("The artefact store is not a folder.");

    /// <summary>The extension of an ML.NET zip (and an ensemble's manifest), the default.</summary>
    public const string ZipExtension = ".zip";

    /// <summary>The key of a version's artefact, relative to the store: <c>.zip</c>, or <c>.onnx</c> for an ONNX version.</summary>
    public static string KeyOf(string model, int version, string extension = ZipExtension) => $"{model}/v{version}{extension}";

    public Task<StoredArtefact> WriteAsync(string model, int version, byte[] content, CancellationToken ct = default) =>
        WriteAsync(model, version, content, ZipExtension, ct);

    /// <param name="extension"><see cref="ZipExtension"/> or <c>.onnx</c>: the key says the format, the loader still checks the content.</param>
    public async Task<StoredArtefact> WriteAsync(string model, int version, byte[] content, string extension, CancellationToken ct = default)
    {
        var key = KeyOf(model, version, extension);
        Check(key);
        var sha256 = Sha256Hex.Of(content);
        try
        {
            await Blobs.PutAsync(key, content, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not BlobStoreException)
        {
            // A failed run shows this message to clients: the key, not the folder (the inner exception keeps it for logs).
            throw new IOException($"The artefact store could not write {key} ({ex.GetType().Name}).", ex);
        }

        KeepCopy(sha256, content);
        // The registry calls this when the version's row does not land, so no orphan stays in the store.
        return new StoredArtefact(key, sha256) { Discard = () => DeleteQuietlyAsync(key) };
    }

    /// <summary>The artefact's bytes, after checking they still hash to <paramref name="expectedSha256"/>.</summary>
    public byte[] ReadVerified(string key, string expectedSha256)
    {
        Check(key);
        var bytes = Blobs.LocalPathOf(key) is { } path ? ReadFile(key, path) : ReadRemote(key, expectedSha256);
        var actual = Sha256Hex.Of(bytes);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new ArtefactIntegrityException($"The artefact {key} has SHA-256 {actual} but {expectedSha256} was registered: it was altered or replaced.");
        return bytes;
    }

    /// <summary>
    /// A companion kept beside an artefact (<c>credit-risk/v3.explain.json</c>), or null when there is none. Remote
    /// companions are cached beside the artefact's copy; their content says which artefact they belong to.
    /// Throws <see cref="IOException"/> when the store cannot be read.
    /// </summary>
    public byte[]? ReadCompanion(string key, string artefactSha256)
    {
        Check(key);
        if (Blobs.LocalPathOf(key) is { } path) return File.Exists(path) ? File.ReadAllBytes(path) : null;
        var cached = cache?.CompanionPath(artefactSha256, CompanionSuffix(key));
        if (cached is not null && File.Exists(cached)) return File.ReadAllBytes(cached);
        var bytes = Wait(Blobs.GetAsync(key));
        if (bytes is not null && cache is not null) TryKeep(() => cache.PutCompanion(artefactSha256, CompanionSuffix(key), bytes));
        return bytes;
    }

    public async Task WriteCompanionAsync(string key, string artefactSha256, byte[] content, CancellationToken ct = default)
    {
        Check(key);
        await Blobs.PutAsync(key, content, ct);
        if (Blobs.LocalPathOf(key) is null && cache is not null) TryKeep(() => cache.PutCompanion(artefactSha256, CompanionSuffix(key), content));
    }

    /// <summary>The file a key names, inside a folder store (tests and tools); a key that is rooted or climbs out of it is refused.</summary>
    public string Resolve(string key)
    {
        Check(key);
        return Blobs.LocalPathOf(key) ?? throw new InvalidOperationException("The artefact store is not a folder: its objects have no local path.");
    }

    /// <summary>Refuses a key that is empty, rooted or climbs out of the store.</summary>
    private static void Check(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Path.IsPathRooted(key) || ArtefactArchive.UnsafeName(key) is not null)
            throw new ArtefactIntegrityException($"The registered artefact key '{key}' is not a path inside the artefact store.");
    }

    private static byte[] ReadFile(string key, string path)
    {
        try
        {
            if (!File.Exists(path)) throw new ArtefactIntegrityException($"The artefact {key} is missing from the artefact store.");
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exception's own message names the server path; this one names only the key.
            throw new ArtefactIntegrityException($"The artefact {key} cannot be read ({ex.GetType().Name}).");
        }
    }

    /// <summary>The cached copy when it still hashes right, else the store's object (then cached); the caller checks the hash.</summary>
    private byte[] ReadRemote(string key, string expectedSha256)
    {
        if (cache?.TryGet(expectedSha256) is { } cached)
        {
            try
            {
                return File.ReadAllBytes(cached);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Fall through: the store still has it.
            }
        }

        byte[]? bytes;
        try
        {
            bytes = Wait(Blobs.GetAsync(key));
        }
        catch (BlobStoreException ex)
        {
            throw new ArtefactIntegrityException(ex.Message, ex);
        }

        if (bytes is null) throw new ArtefactIntegrityException($"The artefact {key} is missing from the artefact store.");
        if (string.Equals(Sha256Hex.Of(bytes), expectedSha256, StringComparison.OrdinalIgnoreCase)) KeepCopy(expectedSha256, bytes);
        return bytes;
    }

    private void KeepCopy(string sha256, byte[] content)
    {
        if (cache is not null) TryKeep(() => cache.Put(sha256, content));
    }

    /// <summary>A copy that cannot be kept costs only a fetch on the next load.</summary>
    private static void TryKeep(Action keep)
    {
        try
        {
            keep();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing to do: the store holds the object.
        }
    }

    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await Blobs.DeleteAsync(key);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An orphan object is harmless: no version names it, and the next registration of that number overwrites it.
        }
    }

    private static string CompanionSuffix(string key) => Path.GetFileName(key) is var name && name.IndexOf('.') is var dot and >= 0 ? name[dot..] : ".companion";

    /// <summary>
    /// Loads are synchronous (<see cref="Serving.ModelServer.Load"/> runs inside the swap); a folder store completes at
    /// once, and a remote fetch blocks one pool thread only on a cache miss.
    /// </summary>
    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();
}
