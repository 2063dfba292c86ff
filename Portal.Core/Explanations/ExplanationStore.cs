using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Portal.Core.Registry;

namespace Portal.Core.Explanations;

/// <summary>
/// Keeps a version's <see cref="ExplanationBackground"/> in the artefact store beside its zip
/// (<c>credit-risk/v3.zip</c> → <c>credit-risk/v3.explain.json</c>), tagged with the zip's SHA-256: it is the
/// artefact's companion (same lifetime, same folder, read at the same load), needs no migration, and a file that
/// does not match the zip it sits beside is ignored rather than trusted.
/// </summary>
public static class ExplanationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The key of the background kept beside artefact <paramref name="artefactKey"/>.</summary>
    public static string KeyOf(string artefactKey) =>
        (artefactKey.EndsWith(".zip", StringComparison.Ordinal) ? artefactKey[..^4] : artefactKey) + ".explain.json";

    public static async Task WriteAsync(ArtefactStore store, string artefactKey, string artefactSha256, ExplanationBackground background, CancellationToken ct = default)
    {
        await store.WriteCompanionAsync(KeyOf(artefactKey), artefactSha256, JsonSerializer.SerializeToUtf8Bytes(new ExplanationFile(artefactSha256, background), Json), ct);
    }

    /// <summary>The background kept for the artefact, or why there is none (no file, another zip's, unreadable).</summary>
    public static bool TryRead(ArtefactStore store, string artefactKey, string artefactSha256,
        [NotNullWhen(true)] out ExplanationBackground? background, [NotNullWhen(false)] out string? why)
    {
        background = null;
        var key = KeyOf(artefactKey);
        try
        {
            var bytes = store.ReadCompanion(key, artefactSha256);
            if (bytes is null)
            {
                why = "no node covers or feature means are stored for this version (it was imported, or trained before explanations were kept, and its training dataset could not give them)";
                return false;
            }

            var file = JsonSerializer.Deserialize<ExplanationFile>(bytes, Json);
            if (file?.Background is null)
            {
                why = $"{key} is empty";
                return false;
            }

            if (!string.Equals(file.ArtefactSha256, artefactSha256, StringComparison.OrdinalIgnoreCase))
            {
                why = $"{key} was computed for another artefact (SHA-256 {file.ArtefactSha256})";
                return false;
            }

            background = file.Background;
            why = null;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArtefactIntegrityException)
        {
            why = $"{key} cannot be read ({ex.GetType().Name})";
            return false;
        }
    }
}
