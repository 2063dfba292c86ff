using Portal.Core.Common;

namespace Portal.Core.Registry;

/// <summary>
/// The artefact store: one folder per model, one file per version. Versions record a key relative to the store
/// (<c>credit-risk/v3.zip</c>), never a server path: the store's folder can move (another data folder, another
/// Portal:ModelsPath) and every key still resolves, and no message built from a key shows where the server keeps files.
/// </summary>
public sealed class ArtefactStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

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
        var path = Resolve(key);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(temp, content, ct);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A failed run shows this message to clients: the key, not the folder (the inner exception keeps it for logs).
            throw new IOException($"The artefact store could not write {key} ({ex.GetType().Name}).", ex);
        }

        return new StoredArtefact(key, Sha256Hex.Of(content)) { FullPath = path };
    }

    /// <summary>The artefact's bytes, after checking they still hash to <paramref name="expectedSha256"/>.</summary>
    public byte[] ReadVerified(string key, string expectedSha256)
    {
        var path = Resolve(key);
        byte[] bytes;
        try
        {
            if (!File.Exists(path)) throw new ArtefactIntegrityException($"The artefact {key} is missing from the artefact store.");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The exception's own message names the server path; this one names only the key.
            throw new ArtefactIntegrityException($"The artefact {key} cannot be read ({ex.GetType().Name}).");
        }

        var actual = Sha256Hex.Of(bytes);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new ArtefactIntegrityException($"The artefact {key} has SHA-256 {actual} but {expectedSha256} was registered: it was altered or replaced.");
        return bytes;
    }

    /// <summary>The file a key names, inside the store; a key that is rooted or climbs out of it is refused.</summary>
    public string Resolve(string key)
    {
        if (string.IsNullOrWhiteSpace(key) || Path.IsPathRooted(key) || ArtefactArchive.UnsafeName(key) is not null)
            throw new ArtefactIntegrityException($"The registered artefact key '{key}' is not a path inside the artefact store.");
        return Path.GetFullPath(Path.Combine(Root, key));
    }
}
