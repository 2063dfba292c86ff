using Portal.Core.Common;

namespace Portal.Core.Registry;

/// <summary>The artefact store: one folder per model, one file per version (<c>v3.zip</c>).</summary>
public sealed class ArtefactStore(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<StoredArtefact> WriteAsync(string model, int version, byte[] content, CancellationToken ct = default)
    {
        var folder = Path.Combine(Root, model);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"v{version}.zip");
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(temp, content, ct);
        File.Move(temp, path, overwrite: true);
        return new StoredArtefact(path, Sha256Hex.Of(content));
    }

    /// <summary>The artefact's bytes, after checking they still hash to <paramref name="expectedSha256"/>.</summary>
    public byte[] ReadVerified(string path, string expectedSha256)
    {
        if (!File.Exists(path)) throw new ArtefactIntegrityException($"The artefact {path} is missing.");
        var bytes = File.ReadAllBytes(path);
        var actual = Sha256Hex.Of(bytes);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
            throw new ArtefactIntegrityException($"The artefact {Path.GetFileName(path)} has SHA-256 {actual} but {expectedSha256} was registered: it was altered or replaced.");
        return bytes;
    }
}
